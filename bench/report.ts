// Renders benchmark runs: a Markdown table (README, terminal) and a hand-written SVG chart of
// requests and wall time against N, one line per phase.
import { PHASES, PhaseName, PhaseResult } from "./driver";

/** What the table and the chart read of a run, per-resource or roster mode. */
export interface Run<P extends string = string> {
    readonly n: number;
    readonly latencyMs: number;
    readonly phases: readonly PhaseResult<P>[];
}

const MB = 1024 * 1024;

export function markdownTable(runs: readonly Run[]): string {
    const rows = [
        "| N | phase | requests | by endpoint | wall time | peak RSS | peak heap | state / resource |",
        "|---:|---|---:|---|---:|---:|---:|---:|",
    ];
    for (const run of runs) {
        for (const p of run.phases) {
            const endpoints = Object.entries(p.requests)
                .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
                .map(([k, v]) => `\`${k}\` ${v.toLocaleString("en-US")}`)
                .join("<br>");
            rows.push(
                `| ${run.n.toLocaleString("en-US")} | ${p.phase} | ${p.totalRequests.toLocaleString("en-US")} | ${endpoints || "—"} | ${seconds(p.wallMs)} | ${(p.peakRssBytes / MB).toFixed(0)} MB | ${(p.peakHeapBytes / MB).toFixed(0)} MB | ${p.stateBytesPerResource === null ? "—" : `${Math.round(p.stateBytesPerResource).toLocaleString("en-US")} B`} |`,
            );
        }
    }
    return rows.join("\n");
}

/** One line per N: what each resource type's `__provider` costs, and what a resource costs in state. */
export function providerSummary(
    runs: readonly (Run & { providerBytes: Record<string, number>; changedUsers: number })[],
): string {
    return runs
        .map((run) => {
            const sizes = Object.entries(run.providerBytes)
                .sort((a, b) => a[0].localeCompare(b[0]))
                .map(([type, bytes]) => `${type} ${bytes} B`)
                .join(", ");
            const resources = run.phases[0].resources;
            return `- N = ${run.n.toLocaleString("en-US")} (${resources.toLocaleString("en-US")} resources, ${run.changedUsers} role changes, ${run.latencyMs} ms latency): \`__provider\` is one \`require\` line per resource — ${sizes} — stored twice (inputs and outputs).`;
        })
        .join("\n");
}

function seconds(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Colour and dash per phase: dashed lines run on top of the solid ones they equal (0 requests; up vs destroy). */
export type Styles<P extends string> = Readonly<Record<P, { color: string; dash?: string }>>;
/** The phases both benchmarks run, drawn alike in both charts. */
export const commonStyles: Styles<"up" | "preview (no change)" | "up (no change)" | "refresh" | "destroy"> = {
    up: { color: "#1f77b4" },
    "preview (no change)": { color: "#2ca02c" },
    "up (no change)": { color: "#98df8a", dash: "6 4" },
    refresh: { color: "#d62728" },
    destroy: { color: "#7f7f7f", dash: "6 4" },
};
const STYLES: Styles<PhaseName> = { ...commonStyles, "update 10%": { color: "#ff7f0e" } };
const stroke = (style: { color: string; dash?: string }) =>
    `stroke="${style.color}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""}`;

interface Panel {
    readonly title: string;
    readonly value: (run: Run, phase: string) => number;
    /** Tick values on the symlog axis, with labels. */
    readonly ticks: readonly (readonly [number, string])[];
}

/**
 * Two panels, requests and wall time against N. Both axes are logarithmic; the y axes use
 * log10(1 + v) so that the no-change phases' zero requests still have a place.
 */
export function svgChart<P extends string = PhaseName>(
    runs: readonly Run<P>[],
    phases: readonly P[] = PHASES as unknown as readonly P[],
    styles: Styles<P> = STYLES as unknown as Styles<P>,
    xLabel = "N (Flat users)",
): string {
    const sorted = [...runs].sort((a, b) => a.n - b.n);
    const panels: Panel[] = [
        {
            title: "API requests",
            value: (run, phase) => run.phases.find((p) => p.phase === phase)?.totalRequests ?? 0,
            ticks: [
                [0, "0"],
                [1, "1"],
                [10, "10"],
                [100, "100"],
                [1000, "1k"],
                [10000, "10k"],
                [100000, "100k"],
            ],
        },
        {
            title: `wall time (${sorted[0]?.latencyMs ?? 0} ms latency per request)`,
            value: (run, phase) => run.phases.find((p) => p.phase === phase)?.wallMs ?? 0,
            ticks: [
                [0, "0"],
                [10, "10 ms"],
                [100, "100 ms"],
                [1000, "1 s"],
                [10000, "10 s"],
                [100000, "100 s"],
                [1000000, "1000 s"],
            ],
        },
    ];
    const width = 440;
    const height = 300;
    const margin = { left: 64, right: 16, top: 32, bottom: 44 };
    const plotW = width - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const ns = sorted.map((r) => r.n);
    const lx = (n: number) => Math.log10(n);
    const [x0, x1] = ns.length > 1 ? [lx(ns[0]), lx(ns[ns.length - 1])] : [lx(ns[0] ?? 1) - 1, lx(ns[0] ?? 1) + 1];
    const x = (n: number) => margin.left + ((lx(n) - x0) / (x1 - x0)) * plotW;
    const out: string[] = [];
    panels.forEach((panel, i) => {
        const values = sorted.flatMap((run) => phases.map((ph) => panel.value(run, ph)));
        const ticks = panel.ticks.filter((_, k) => k === 0 || panel.ticks[k - 1][0] <= Math.max(1, ...values));
        const top = Math.log10(1 + ticks[ticks.length - 1][0]);
        const y = (v: number) => margin.top + plotH - (Math.log10(1 + v) / top) * plotH;
        const g: string[] = [`<g transform="translate(${i * width},0)">`];
        g.push(
            `<text x="${margin.left + plotW / 2}" y="18" text-anchor="middle" font-weight="bold">${panel.title}</text>`,
        );
        for (const [v, label] of ticks) {
            g.push(
                `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`,
            );
            g.push(`<text x="${margin.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${label}</text>`);
        }
        for (const n of ns) {
            g.push(
                `<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#e5e5e5"/>`,
            );
            g.push(
                `<text x="${x(n).toFixed(1)}" y="${margin.top + plotH + 16}" text-anchor="middle">${n.toLocaleString("en-US")}</text>`,
            );
        }
        g.push(`<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle">${xLabel}</text>`);
        g.push(
            `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
        );
        for (const phase of phases) {
            const points = sorted.map((run) => `${x(run.n).toFixed(1)},${y(panel.value(run, phase)).toFixed(1)}`);
            g.push(`<polyline fill="none" ${stroke(styles[phase])} stroke-width="2" points="${points.join(" ")}"/>`);
            for (const p of points) {
                const [px, py] = p.split(",");
                g.push(`<circle cx="${px}" cy="${py}" r="3" fill="${styles[phase].color}"/>`);
            }
        }
        g.push("</g>");
        out.push(...g);
    });
    const legendY = height + 4;
    const legend = phases.map((phase, k) => {
        const lxPos = 20 + k * Math.min(140, (width * panels.length - 40) / phases.length);
        return `<line x1="${lxPos}" x2="${lxPos + 16}" y1="${legendY + 2}" y2="${legendY + 2}" ${stroke(styles[phase])} stroke-width="3"/><text x="${lxPos + 22}" y="${legendY + 6}">${phase}</text>`;
    });
    const total = { w: width * panels.length, h: height + 20 };
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${total.w}" height="${total.h}" viewBox="0 0 ${total.w} ${total.h}" font-family="sans-serif" font-size="11">`,
        `<rect width="100%" height="100%" fill="white"/>`,
        ...out,
        ...legend,
        "</svg>",
        "",
    ].join("\n");
}
