/**
 * The progress bar shown while an organization is read (cli-progress: one line redrawn in place,
 * with the count and an estimate). A redrawn line only makes sense on a terminal, so nothing is drawn
 * with `--quiet` or when standard error is not a TTY (CI logs, pipes, files).
 */
import { Presets, SingleBar } from "cli-progress";

export interface Progress {
    /** Starts a phase: `total` items expected (a count that may prove short: the bar grows). */
    start(label: string, total: number): void;
    advance(items: number): void;
    /** Ends the bar, leaving its last state on screen. */
    stop(): void;
}

const silent: Progress = { start() {}, advance() {}, stop() {} };

export function progressBar(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
    const stream = options.stream ?? process.stderr;
    if (options.quiet || !stream.isTTY) return silent;
    let bar: SingleBar | undefined;
    let value = 0;
    let total = 0;
    return {
        start(label, expected) {
            bar?.stop();
            value = 0;
            total = Math.max(expected, 1);
            bar = new SingleBar(
                { stream, format: `${label.padEnd(22)} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
                Presets.shades_classic,
            );
            bar.start(total, 0);
        },
        advance(items) {
            value += items;
            if (value > total) bar?.setTotal((total = value));
            bar?.update(value);
        },
        stop() {
            bar?.stop();
            bar = undefined;
        },
    };
}
