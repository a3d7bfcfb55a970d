#!/usr/bin/env node
/**
 * `edu-org`: the package's command line. One module per subcommand under cli/<name>/, each exporting
 * a commander `Command`; add a subcommand by adding it to the list in `program`.
 */
import { Command, CommanderError } from "commander";
import { exportCommand } from "./export/command";
import { EXIT_BAD_INPUT, reviewCommand } from "./review/command";

export function program(): Command {
    const cli = new Command("edu-org")
        .description("Flat for Education and EduBase organizations as code: tools around pulumi-edu-org")
        .showHelpAfterError();
    for (const command of [exportCommand(), reviewCommand()]) cli.addCommand(command);
    return cli;
}

/** Runs the command line; usage errors exit 2 like unreadable input, so CI tells them from a crossed limit (1). */
export async function main(argv: readonly string[]): Promise<void> {
    const cli = program();
    // Every level: `export flat` is two deep, and a usage error there is one too.
    const withSubcommands = (c: Command): Command[] => [c, ...c.commands.flatMap(withSubcommands)];
    for (const command of withSubcommands(cli)) command.exitOverride();
    try {
        // parseAsync: export's actions are async (they load their readers on demand).
        await cli.parseAsync(argv, { from: "user" });
    } catch (err) {
        if (!(err instanceof CommanderError)) throw err;
        process.exitCode = err.exitCode === 0 || err.code === "commander.error" ? err.exitCode : EXIT_BAD_INPUT;
    }
}

if (require.main === module) void main(process.argv.slice(2));
