// Captures console output of the program and of provider code (which runs in this process) per run,
// so tests can scan everything that would have reached a terminal for secrets.
import { format } from "node:util";
import { outerGlobal } from "../loadProvider";
import type { LogEntry } from "./types";

/** Replaces the console methods (also the outer realm's, which provider code sees); returns the restorer. */
export function captureConsole(sink: (entry: Omit<LogEntry, "run">) => void, echo: boolean): () => void {
    const levels = ["log", "info", "warn", "error", "debug", "trace"] as const;
    const consoles = new Set<Console>([console, outerGlobal().console]);
    const restore: (() => void)[] = [];
    for (const c of consoles) {
        for (const level of levels) {
            const original = c[level];
            c[level] = (...args: unknown[]) => {
                sink({ level, message: format(...args) });
                if (echo) original.apply(c, args);
            };
            restore.push(() => (c[level] = original));
        }
    }
    return () => restore.forEach((r) => r());
}
