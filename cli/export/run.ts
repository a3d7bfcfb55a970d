/**
 * The work behind `edu-org export flat|edubase`: read the organization with the provider's own clients,
 * then write the program. Loaded only when an export runs, since the clients bring in @pulumi/pulumi
 * (seconds of start-up that `edu-org review` and `--help` should not pay).
 */
import * as config from "../../provider/core/config";
import { EdubaseClient } from "../../provider/edubase/client";
import { FlatClient } from "../../provider/flat/client";
import { edubaseProgram } from "./edubaseProgram";
import { flatProgram } from "./flatProgram";
import { checkOutDir, writeOutDir } from "./outDir";
import { progressBar } from "./progress";
import { plural, projectName } from "./project";
import { readEdubaseMemberships } from "./readEdubase";
import { readFlatOrganization } from "./readFlat";

/** Exit status when the export cannot be made (API failure, refused directory, nothing to export). */
export const EXIT_FAILED = 1;

interface CommonOptions {
    out: string;
    name?: string;
    force?: boolean;
    quiet?: boolean;
}

export interface FlatOptions extends CommonOptions {
    tokenEnv?: string;
    baseUrl?: string;
}

export interface EdubaseOptions extends CommonOptions {
    organization: string[];
    appEnv?: string;
    secretEnv?: string;
    apiUrl?: string;
}

/** Runs one export; any failure is printed with the API's own words and sets the exit status. */
export async function run(label: string, quiet: boolean | undefined, work: () => Promise<string>): Promise<void> {
    try {
        const summary = await work();
        if (!quiet) process.stdout.write(summary);
    } catch (err) {
        process.stderr.write(`edu-org export ${label}: ${(err as Error).message}\n`);
        process.exitCode = EXIT_FAILED;
    }
}

/** A credential from the environment variable the option names, else from the setting's own variables. */
function credential(option: string | undefined, setting: config.Setting, what: string): string {
    const names = option ? [option] : setting.env;
    for (const name of names) if (process.env[name]) return process.env[name];
    throw new Error(`no ${what}: set the environment variable ${names.join(" or ")}`);
}

export async function exportFlat(options: FlatOptions): Promise<string> {
    checkOutDir(options.out, !!options.force);
    const accessToken = credential(
        options.tokenEnv,
        config.settings.flatAccessToken,
        "Flat access token (an organization admin's personal access token with the edu.admin scopes)",
    );
    const baseUrl = apiUrl(options.baseUrl, config.settings.flatBaseUrl);
    const organization = await readFlatOrganization(
        new FlatClient({ accessToken, baseUrl }),
        progressBar({ quiet: !!options.quiet }),
    );
    if (organization.users.length === 0) {
        throw new Error(
            `organization ${organization.me.organization ?? "(none)"} of this token has no accounts besides the token's own: nothing to export, no file written. Is this the token of the right organization?`,
        );
    }
    const name = options.name ?? projectName(options.out);
    writeOutDir(options.out, flatProgram(organization, name, baseUrl), !!options.force);
    const what = [
        plural(organization.users.length, "account"),
        plural(organization.invitations.length, "pending invitation"),
        plural(organization.credentials.length, "LTI 1.1 credential pair"),
        plural(organization.configurations.length, "LTI configuration"),
    ];
    return summary(options.out, what, organization.notExported);
}

export async function exportEdubase(options: EdubaseOptions): Promise<string> {
    checkOutDir(options.out, !!options.force);
    const app = credential(options.appEnv, config.settings.edubaseApp, "EduBase application id");
    const secret = credential(options.secretEnv, config.settings.edubaseSecret, "EduBase application secret");
    const url = apiUrl(options.apiUrl, config.settings.edubaseApiUrl);
    const memberships = await readEdubaseMemberships(
        new EdubaseClient({ app, secret, apiUrl: url }),
        options.organization,
        progressBar({ quiet: !!options.quiet }),
    );
    const members = memberships.organizations.reduce((n, o) => n + o.members.length, 0);
    if (members === 0) {
        throw new Error(
            memberships.organizations.length
                ? `${memberships.organizations.map((o) => o.organization).join(", ")} ha${memberships.organizations.length > 1 ? "ve" : "s"} no members besides the application's own account: nothing to export, no file written`
                : "this application manages no organization: nothing to export, no file written. Name them with --organization",
        );
    }
    const name = options.name ?? projectName(options.out);
    writeOutDir(options.out, edubaseProgram(memberships, name, url), !!options.force);
    const what = [plural(members, "membership"), plural(memberships.organizations.length, "organization")];
    return summary(options.out, what, memberships.notExported);
}

/** The API URL: the option, else the environment variable, else the default (trailing slashes dropped). */
function apiUrl(option: string | undefined, setting: config.Setting): string {
    return (option ?? config.lookup(setting, () => undefined)!).replace(/\/+$/, "");
}

function summary(out: string, what: readonly string[], notExported: readonly string[]): string {
    return [
        `Exported ${what.join(", ")} into ${out}.`,
        ...notExported.map((n) => `Not exported: ${n}.`),
        `Next: cd ${out} && npm install, then follow its README.md: pulumi up adopts everything without a write.`,
        "",
    ].join("\n");
}
