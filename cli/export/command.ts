/**
 * `edu-org export flat|edubase`: an existing organization as a ready Pulumi program whose first
 * `pulumi up` writes nothing. Credentials come from environment variables (never from the command
 * line, where other users of the machine could read them) and are never written into the program.
 */
import { Command } from "commander";
import * as config from "../../provider/core/config";
import type { EdubaseOptions, FlatOptions } from "./run";

function common(command: Command): Command {
    return command
        .requiredOption("--out <dir>", "directory to write the program into; must be empty or absent")
        .option("--name <project>", "Pulumi project name (default: the name of the --out directory)")
        .option("--force", "write into a directory that is not empty, overwriting the files export writes")
        .option("--quiet", "no progress bar and no summary (there is no progress bar off a terminal either)");
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
        .action(async (options: FlatOptions) => {
            const { run, exportFlat } = await import("./run");
            await run("flat", options.quiet, () => exportFlat(options));
        });
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
        .action(async (options: EdubaseOptions) => {
            const { run, exportEdubase } = await import("./run");
            await run("edubase", options.quiet, () => exportEdubase(options));
        });
    return new Command("export")
        .description("write an existing organization as a ready Pulumi program whose first `pulumi up` writes nothing")
        .addCommand(flat)
        .addCommand(edubase);
}
