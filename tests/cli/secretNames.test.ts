// The review masks values by property name (a document may hold secrets in plaintext): every name
// the provider treats as secret must be one the review recognizes. Read from the provider's source,
// so a new secret output cannot slip past.
import * as path from "node:path";
import { isSecretName } from "../../cli/review/secrets";
import { declaredSecretNames } from "../support/providerSource";

const declared = declaredSecretNames().map(([name, file]): [string, string] => [name, path.basename(file)]);

test("the provider's secret names were found (the scan itself works)", () => {
    const names = new Set(declared.map(([n]) => n));
    for (const name of [
        "password",
        "consumerSecret",
        "token",
        "url",
        "customCode",
        "registrationUrl",
        "flat:accessToken",
        "edubase:secret",
    ])
        expect(names).toContain(name);
});

test.each(declared)("%s (%s) is masked by the review", (name) => {
    expect(isSecretName(name)).toBe(true);
});

test("names the review shows are not taken for secrets", () => {
    for (const name of ["username", "email", "role", "user", "organization", "users", "lms", "name", "consumerKey"])
        expect(isSecretName(name)).toBe(false);
});
