/**
 * `edu-org export flat|edubase`: an existing organization as a ready Pulumi program whose first
 * `pulumi up` writes nothing. Credentials come from environment variables (never from the command
 * line, where other users of the machine could read them) and are never written into the program.
 */
import { Command } from "commander";
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

interface FlatOptions extends CommonOptions {
    tokenEnv?: string;
    baseUrl?: string;
}

interface EdubaseOptions extends CommonOptions {
    organization: string[];
    appEnv?: string;
    secretEnv?: string;
    apiUrl?: string;
}

function common(command: Command): Command {
    return command
        .requiredOption("--out <dir>", "directory to write the program into; must be empty or absent")
        .option("--name <project>", "Pulumi project name (default: the name of the --out directory)")
        .option("--force", "write into a directory that is not empty, overwriting the files export writes")
        .option("--quiet", "no progress bar and no summary (there is no progress bar off a terminal either)");
}

/** Runs one export; any failure is printed with the API's own words and sets the exit status. */
async function run(label: string, quiet: boolean | undefined, work: () => Promise<string>): Promise<void> {
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

async function exportFlat(options: FlatOptions): Promise<string> {
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

async function exportEdubase(options: EdubaseOptions): Promise<string> {
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

const envNames = (setting: config.Setting) => setting.env.join(" or ");

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

export function exportCommand(): Command {
    const flat = common(new Command("flat"))
        .description("write the Flat organization of a token (accounts, pending invitations, LTI) as a Pulumi program")
        .option(
            "--token-env <name>",
            `environment variable that holds the Flat access token (default: ${envNames(config.settings.flatAccessToken)})`,
        )
        .option(
            "--base-url <url>",
            `Flat API URL (default: FLAT_BASE_URL, else ${config.settings.flatBaseUrl.default})`,
        )
        .action((options: FlatOptions) => run("flat", options.quiet, () => exportFlat(options)));
    const edubase = common(new Command("edubase"))
        .description("write the memberships of EduBase organizations as a Pulumi program")
        .option(
            "--organization <code>",
            "an organization to export; repeat for several (default: every organization the application manages)",
            collect,
            [],
        )
        .option(
            "--app-env <name>",
            `environment variable that holds the EduBase application id (default: ${envNames(config.settings.edubaseApp)})`,
        )
        .option(
            "--secret-env <name>",
            `environment variable that holds the EduBase application secret (default: ${envNames(config.settings.edubaseSecret)})`,
        )
        .option(
            "--api-url <url>",
            `EduBase API URL (default: EDUBASE_API_URL, else ${config.settings.edubaseApiUrl.default})`,
        )
        .action((options: EdubaseOptions) => run("edubase", options.quiet, () => exportEdubase(options)));
    return new Command("export")
        .description("write an existing organization as a ready Pulumi program whose first `pulumi up` writes nothing")
        .addCommand(flat)
        .addCommand(edubase);
}
