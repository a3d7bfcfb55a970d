// Harness self-test of the engine double's storage: the deployment document and Pulumi.<stack>.yaml
// hold secrets only as ciphertexts, which decrypt back to the same values.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Crypter } from "../support/engineDouble/crypter";
import { fromDocument, ResourceState, toDocument } from "../support/engineDouble/deployment";
import { readStackConfig, writeStackConfig } from "../support/engineDouble/stackConfig";
import { findLeaks, secret } from "../support/secrets";

const crypter = new Crypter("harness-passphrase");

test("a v1 ciphertext decrypts only with the same passphrase and salt", () => {
    const text = crypter.encrypt("token-value-123");
    expect(text).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(new Crypter("harness-passphrase", crypter.salt).decrypt(text)).toBe("token-value-123");
    expect(() => new Crypter("another-passphrase", crypter.salt).decrypt(text)).toThrow();
});

test("the deployment document encrypts every secret and reads back the same resources", () => {
    const resources: ResourceState[] = [
        {
            urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/flat:OrganizationUser::u",
            custom: true,
            id: "u1",
            type: "pulumi-nodejs:dynamic/flat:OrganizationUser",
            inputs: {
                username: "u",
                password: secret("pass-word-42"),
                nested: { list: [secret({ k: "deep-secret-1" })] },
            },
            outputs: { username: "u", password: secret("pass-word-42") },
            provider: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default::id",
        },
    ];
    const doc = toDocument(resources, crypter, "test");
    const text = JSON.stringify(doc);
    expect(doc.version).toBe(3);
    expect(findLeaks(text, ["pass-word-42", "deep-secret-1"])).toEqual([]);
    expect(text).toContain('"ciphertext":"v1:');
    expect(fromDocument(JSON.parse(text), crypter)).toEqual(resources);
});

test("Pulumi.<stack>.yaml keeps secret values as secure ciphertexts", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "double-")), "Pulumi.dev.yaml");
    writeStackConfig(file, crypter, { "flat:accessToken": { secret: "flat-token-xyz" }, "flat:baseUrl": "http://x" });
    expect(findLeaks(fs.readFileSync(file, "utf8"), ["flat-token-xyz"])).toEqual([]);
    expect(readStackConfig(file, crypter)).toEqual({
        values: { "flat:accessToken": "flat-token-xyz", "flat:baseUrl": "http://x" },
        secretKeys: ["flat:accessToken"],
    });
});
