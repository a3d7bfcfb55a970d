/**
 * The summary as Markdown (a pull-request comment or `$GITHUB_STEP_SUMMARY`), plain text or JSON.
 * Markdown and text share one outline; they differ in emphasis and escaping only. What hurts comes
 * first (removals, deletions, password resets), then what is added.
 */
import { Change, EdubaseOrganization, FlatOrganization, Summary, Totals } from "./changes";
import { LimitCheck } from "./limits";

export const formats = ["markdown", "text", "json"] as const;
export type Format = (typeof formats)[number];

export interface Review {
    readonly stack?: string;
    readonly summary: Summary;
    readonly totals: Totals;
    readonly limits: LimitCheck[];
    readonly withinLimits: boolean;
}

/** Names listed in one line before "and N more" (JSON lists all). */
const MAX_NAMES = 25;
const MAX_MESSAGES = 30;

interface Style {
    heading(level: number, text: string): string;
    strong(text: string): string;
    code(text: string): string;
    /** A value from the document (a username, an email, a message): escaped so it cannot format the output. */
    value(text: string): string;
    bullet(text: string): string;
    table(header: string[], rows: string[][]): string[];
}

const markdown: Style = {
    heading: (level, text) => `${"#".repeat(level + 1)} ${text}`,
    strong: (text) => `**${text}**`,
    code: (text) => "`" + text.replace(/`/g, "'") + "`",
    value: (text) => text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, " "),
    bullet: (text) => `- ${text}`,
    table: (header, rows) => [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ],
};

const text: Style = {
    heading: (level, t) => `${t}\n${(level === 1 ? "=" : "-").repeat(t.length)}`,
    strong: (t) => t,
    code: (t) => t,
    value: (t) => t.replace(/\r?\n/g, " "),
    bullet: (t) => `  - ${t}`,
    table: (header, rows) => [header.join("  "), ...rows.map((r) => r.join("  "))].map((l) => `  ${l}`),
};

export function render(review: Review, format: Format): string {
    if (format === "json") return JSON.stringify(review, null, 2) + "\n";
    return outline(review, format === "markdown" ? markdown : text).join("\n") + "\n";
}

function outline(review: Review, s: Style): string[] {
    const { summary, totals: t } = review;
    const out: string[] = [];
    const crossed = review.limits.filter((l) => l.crossed);
    out.push(
        s.heading(1, `Pulumi preview${review.stack ? ` of ${s.value(review.stack)}` : ""}: what changes for people`),
    );
    out.push("");
    out.push(
        review.withinLimits
            ? `${s.strong("Within limits.")}${checkedLimits(review.limits, s)}`
            : `${s.strong("Limits crossed:")} ${crossed.map((l) => `${l.what}: ${l.actual} > ${s.code(l.option)} ${l.limit}`).join("; ")}.`,
    );
    out.push("");
    out.push(headline(summary, t));
    const budgets = Object.entries(summary.budgets);
    if (budgets.length)
        out.push(
            "",
            `Removal budgets in the stack's config (the provider refuses removals beyond them during up): ${budgets.map(([k, v]) => `${s.code(k)} ${s.value(v)}`).join(", ")}.`,
        );

    for (const org of summary.flat) out.push("", s.heading(2, flatTitle(org, s)), "", ...flatLines(org, s));
    for (const org of summary.edubase) out.push("", s.heading(2, edubaseTitle(org, s)), "", ...edubaseLines(org, s));
    if (summary.providers.length) {
        out.push("", s.heading(2, "Explicit providers"), "");
        for (const p of summary.providers) {
            const what = p.changes.length ? p.changes.map((c) => s.value(c)).join("; ") : "its credentials or settings";
            out.push(s.bullet(`${p.api}.Provider ${s.value(p.name)}: ${p.op} — ${what}`));
        }
    }
    const otherTypes = Object.keys(summary.other).sort();
    if (otherTypes.length) {
        out.push("", s.heading(2, "Other resources (counted, not interpreted)"), "");
        const ops = [...new Set(otherTypes.flatMap((type) => Object.keys(summary.other[type])))].sort();
        out.push(
            ...s.table(
                ["type", ...ops],
                otherTypes.map((type) => [s.code(type), ...ops.map((op) => String(summary.other[type][op] ?? 0))]),
            ),
        );
    }
    if (summary.notes.length) {
        out.push("", s.heading(2, "Not known until apply"), "");
        out.push(...capped(summary.notes, MAX_MESSAGES, s).map((n) => s.bullet(n)));
    }
    for (const [title, messages] of [
        ["Errors reported by the preview", summary.errors],
        ["Warnings from the providers", summary.warnings],
    ] as const) {
        if (!messages.length) continue;
        out.push("", s.heading(2, title), "");
        out.push(...capped([...new Set(messages)], MAX_MESSAGES, s).map((m) => s.bullet(m)));
    }
    out.push("", s.heading(2, "Limits"), "");
    out.push(
        ...s.table(
            ["limit", "what", "found", "allowed", "result"],
            review.limits.map((l) => [
                s.code(l.option),
                l.what,
                String(l.actual),
                String(l.limit),
                l.crossed ? s.strong("crossed") : "ok",
            ]),
        ),
    );
    out.push(
        "",
        `Steps: ${counts(summary.steps) || "none"}. Engine's change summary: ${counts(summary.changeSummary) || "none"}.`,
    );
    return out;
}

function checkedLimits(limits: LimitCheck[], s: Style): string {
    const set = limits.filter((l) => l.option.startsWith("--"));
    return set.length ? ` Checked: ${set.map((l) => `${s.code(l.option)} ${l.limit}`).join(", ")}.` : "";
}

function headline(summary: Summary, t: Totals): string {
    const parts: string[] = [];
    if (summary.flat.length) {
        const flat = [
            t.accountsCreated && `+${plural(t.accountsCreated, "account")}`,
            t.deletions && `${plural(t.deletions, "account")} deleted with their data`,
            t.converted && `${t.converted} converted to individual`,
            t.retained && `${t.retained} retained`,
            t.roleChanges && plural(t.roleChanges, "role change"),
            t.passwordResets && `${plural(t.passwordResets, "password reset")}`,
        ].filter(Boolean);
        parts.push(`Flat: ${flat.join(", ") || "no account changes"}`);
    }
    if (summary.edubase.length) {
        const edubase = [
            t.membershipsAdded && `+${plural(t.membershipsAdded, "membership")}`,
            t.membershipsRemoved && `−${plural(t.membershipsRemoved, "membership")}`,
            t.permissionChanges && plural(t.permissionChanges, "permission change"),
        ].filter(Boolean);
        parts.push(`EduBase: ${edubase.join(", ")}`);
    }
    const other = Object.values(summary.other).reduce((n, ops) => n + Object.values(ops).reduce((a, b) => a + b, 0), 0);
    if (other) parts.push(`${plural(other, "step")} of other resources`);
    return parts.length ? `${parts.join("; ")}.` : "No change to people.";
}

function flatTitle(org: FlatOrganization, s: Style): string {
    return org.provider === "default"
        ? "Flat: the organization of the stack's credentials"
        : `Flat: the organization of provider ${s.value(org.provider)}`;
}

function edubaseTitle(org: EdubaseOrganization, s: Style): string {
    return `EduBase: ${s.value(org.organization)}${org.provider === "default" ? "" : ` (provider ${s.value(org.provider)})`}`;
}

/** One bullet per non-empty list: `<heading>: <names>`. */
type Entry = readonly [count: number, heading: string, names: () => string];

function bullets(entries: readonly Entry[], s: Style): string[] {
    return entries.filter(([count]) => count > 0).map(([, heading, list]) => s.bullet(`${heading}: ${list()}`));
}

function flatLines(org: FlatOrganization, s: Style): string[] {
    const who = (list: readonly { username: string; replaced?: boolean }[]) => () =>
        names(
            list.map((a) => (a.replaced ? `${a.username} (replaced)` : a.username)),
            s,
        );
    const removed = (mode: string) => org.removed.filter((r) => r.mode === mode);
    const [deleted, converted, retained] = [removed("delete"), removed("convertToIndividual"), removed("retain")];
    const adopting = org.created.filter((c) => c.adoptExisting).length;
    const adoption = adopting
        ? ` (${adopting} with adoptExisting: an existing account of that username is taken over instead, without writing a password)`
        : "";
    const adoptingInvitations = org.invitationsSent.filter((i) => i.adoptExisting).length;
    const invitationAdoption = adoptingInvitations
        ? ` (${adoptingInvitations} with adoptExisting: an existing invitation of that email and role is taken over instead)`
        : "";
    const invitations = (list: FlatOrganization["invitationsSent"]) => () =>
        byGroup(
            list,
            (i) => i.role,
            (i) => i.email,
            s,
        );
    const lines = bullets(
        [
            [
                deleted.length,
                s.strong(`${plural(deleted.length, "account")} deleted with their scores and class data`),
                who(deleted),
            ],
            [
                converted.length,
                `${plural(converted.length, "account")} converted to individual accounts (they leave the organization and keep their data)`,
                who(converted),
            ],
            [
                retained.length,
                `${plural(retained.length, "account")} retained (no longer managed; left as they are in Flat)`,
                who(retained),
            ],
            [
                org.created.length,
                `+${plural(org.created.length, "account")} created${adoption}`,
                () =>
                    byGroup(
                        org.created,
                        (c) => c.role,
                        (c) => c.username,
                        s,
                    ),
            ],
            [org.imported.length, `${plural(org.imported.length, "account")} imported`, who(org.imported)],
            [org.roleChanges.length, plural(org.roleChanges.length, "role change"), () => changes(org.roleChanges, s)],
            [
                org.passwordResets.length,
                s.strong(plural(org.passwordResets.length, "password reset")),
                () => names(org.passwordResets, s),
            ],
            [
                org.profileUpdates.length,
                plural(org.profileUpdates.length, "profile update"),
                () =>
                    byGroup(
                        org.profileUpdates,
                        (p) => p.fields.join(", "),
                        (p) => p.who,
                        s,
                    ),
            ],
            [
                org.removalModeChanges.length,
                "removal mode changed (what a later removal does)",
                () => changes(org.removalModeChanges, s),
            ],
            [
                org.invitationsSent.length,
                `${plural(org.invitationsSent.length, "invitation")} sent${invitationAdoption}`,
                invitations(org.invitationsSent),
            ],
            [
                org.invitationsWithdrawn.length,
                `${plural(org.invitationsWithdrawn.length, "invitation")} withdrawn`,
                invitations(org.invitationsWithdrawn),
            ],
        ],
        s,
    );
    for (const l of org.lti) {
        const line = `${s.value(l.label)} ${l.change}${l.detail ? ` — ${l.detail}` : ""}`;
        lines.push(s.bullet(l.change === "replaced" || l.change === "deleted" ? s.strong(line) : line));
    }
    for (const [kind, change] of uniquePairs(org.credentials.map((c) => [c.kind, c.change] as const))) {
        const list = org.credentials.filter((c) => c.kind === kind && c.change === change);
        const note = change === "forgotten" ? " (Flat cannot revoke it: it stays valid until it expires)" : "";
        const labels = list.map((c) => `${c.resource} (user ${c.user})`);
        lines.push(
            ...bullets([[list.length, `${plural(list.length, kind)} ${change}${note}`, () => names(labels, s)]], s),
        );
    }
    return lines;
}

function edubaseLines(org: EdubaseOrganization, s: Style): string[] {
    const members = (list: EdubaseOrganization["added"]) => () =>
        byGroup(
            list,
            (m) => m.level,
            (m) => m.user,
            s,
        );
    return bullets(
        [
            [org.removed.length, s.strong(`−${plural(org.removed.length, "member")}`), members(org.removed)],
            [org.added.length, `+${plural(org.added.length, "member")}`, members(org.added)],
            [
                org.permissionChanges.length,
                plural(org.permissionChanges.length, "permission change"),
                () => changes(org.permissionChanges, s),
            ],
        ],
        s,
    );
}

/** `teacher → admin: a, b; user → teacher: c` */
function changes(list: Change[], s: Style): string {
    return byGroup(
        list,
        (c) => `${c.from} → ${c.to}`,
        (c) => c.who,
        s,
    );
}

/** Items grouped by a label: `label: a, b; other: c`, each group's names capped. */
function byGroup<T>(list: readonly T[], label: (t: T) => string, name: (t: T) => string, s: Style): string {
    const groups = new Map<string, string[]>();
    for (const item of list) {
        const key = label(item);
        const members = groups.get(key);
        if (members) members.push(name(item));
        else groups.set(key, [name(item)]);
    }
    return [...groups].map(([l, members]) => `${s.value(l)}: ${names(members, s)}`).join("; ");
}

function names(list: readonly string[], s: Style): string {
    return capped(list, MAX_NAMES, s).join(", ");
}

/** The first `max` values, escaped, then `and N more`. */
function capped(list: readonly string[], max: number, s: Style): string[] {
    const shown = list.slice(0, max).map((v) => s.value(v));
    return list.length > max ? [...shown, `and ${list.length - max} more`] : shown;
}

function uniquePairs<A, B>(pairs: readonly (readonly [A, B])[]): [A, B][] {
    const seen = new Map<string, [A, B]>();
    for (const [a, b] of pairs) seen.set(`${String(a)}\n${String(b)}`, [a, b]);
    return [...seen.values()];
}

function counts(map: Record<string, number>): string {
    return Object.entries(map)
        .filter(([, n]) => n > 0)
        .map(([op, n]) => `${n} ${op}`)
        .join(", ");
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}
