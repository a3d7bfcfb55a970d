/**
 * `edu-org review <preview.json>`: the command-line face of `reviewPreview`. Reads the file (or
 * standard input for `-`), prints the summary on standard output and exits 0 within the limits, 1
 * when one is crossed, 2 when the document cannot be read as a preview.
 */
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { PreviewDocumentError } from "./previewDocument";
import { Format, formats } from "./render";
import { reviewPreview } from "./review";

/** Exit status for a document that is missing, unreadable or not a preview (and for usage errors). */
export const EXIT_BAD_INPUT = 2;

interface ReviewOptions {
    format: Format;
    maxRemovals?: number;
    maxDeletions?: number;
    maxRoleChanges?: number;
    failOnPasswordReset?: boolean;
}

function count(value: string): number {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number such as 0 or 10.");
    return Number(value);
}

export function reviewCommand(): Command {
    return new Command("review")
        .description(
            "summarize `pulumi preview --json` for a pull request: accounts created, adopted and removed, role changes, password resets, invitations, LTI and membership changes per organization",
        )
        .argument("<preview.json>", "the document printed by `pulumi preview --json` (- for standard input)")
        .addOption(new Option("--format <format>", "output format").choices(formats).default("markdown"))
        .option(
            "--max-removals <n>",
            "fail when more accounts are removed (deleted or converted) plus EduBase memberships removed",
            count,
        )
        .option("--max-deletions <n>", "fail when more accounts are deleted with their scores and class data", count)
        .option("--max-role-changes <n>", "fail when more roles (Flat) and permission levels (EduBase) change", count)
        .option("--fail-on-password-reset", "fail when any password is changed")
        .action((file: string, options: ReviewOptions, command: Command) => {
            let text: string;
            try {
                text = readFileSync(file === "-" ? 0 : file, "utf8");
            } catch (err) {
                command.error(`edu-org review: cannot read ${file}: ${(err as Error).message}`, {
                    exitCode: EXIT_BAD_INPUT,
                });
            }
            try {
                const result = reviewPreview(text, file === "-" ? "standard input" : file, options, options.format);
                process.stdout.write(result.output);
                process.exitCode = result.exitCode;
            } catch (err) {
                if (!(err instanceof PreviewDocumentError)) throw err;
                command.error(`edu-org review: ${err.message}`, { exitCode: EXIT_BAD_INPUT });
            }
        });
}
