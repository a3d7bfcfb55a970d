/**
 * From a preview document to a `Summary`: each step of this package's resource types goes to its
 * API's interpreter; explicit providers are listed; every other resource is counted by type and op.
 * One pass over the steps plus one over the diagnostics, so the cost grows with the document alone.
 */
import { EdubaseOrganization, FlatOrganization, Summary } from "./changes";
import { edubaseInterpreters } from "./edubaseSteps";
import { flatInterpreters } from "./flatSteps";
import { PreviewDigest, PreviewStep, Props, urnName, urnType } from "./previewDocument";
import { isSecretName, SecretRedactor } from "./secrets";
import { ChangeOp, Collector, Interpreter, providerName } from "./stepView";

const DYNAMIC = "pulumi-nodejs:dynamic/";
const NODEJS_PROVIDER = "pulumi:providers:pulumi-nodejs";
const ROOT_STACK = "pulumi:pulumi:Stack";

const interpreters: Readonly<Record<string, Interpreter>> = { ...flatInterpreters, ...edubaseInterpreters };

/** Ops that change something remote, by what they do. Reads, refreshes and sames change nothing. */
const changeOps: Readonly<Record<string, ChangeOp>> = {
    create: "create",
    "create-replacement": "create",
    update: "update",
    replace: "replace",
    delete: "delete",
    "delete-replaced": "delete",
    import: "import",
    "import-replacement": "import",
};

/** The resource types this package defines, as `<api>:<Type>` (what its interpreters read). */
export const interpretedTypes = Object.keys(interpreters);

export function summarize(doc: PreviewDigest, redactor: SecretRedactor): Summary {
    const flat = new Map<string, FlatOrganization>();
    const edubase = new Map<string, EdubaseOrganization>();
    const notes: string[] = [];
    const summary: Summary = {
        flat: [],
        edubase: [],
        providers: [],
        budgets: Object.fromEntries(Object.entries(doc.config ?? {}).filter(([key]) => /:max\w*Removals$/.test(key))),
        other: {},
        steps: {},
        changeSummary: { ...(doc.changeSummary ?? {}) },
        notes,
        warnings: [],
        errors: [],
    };
    const collector: Collector = {
        flat(provider) {
            let org = flat.get(provider);
            if (!org) flat.set(provider, (org = emptyFlat(provider)));
            return org;
        },
        edubase(provider, organization) {
            const key = `${provider}\n${organization}`;
            let org = edubase.get(key);
            if (!org)
                edubase.set(key, (org = { organization, provider, added: [], removed: [], permissionChanges: [] }));
            return org;
        },
        note: (text) => notes.push(text),
        warningsAbout: () => [],
    };

    const steps = doc.steps ?? [];
    // With --show-replacement-steps a replacement is printed three times; its logical step says it all.
    const replaced = new Set(steps.filter((s) => s.op === "replace").map((s) => s.urn));
    const byUrn = new Map<string, string[]>();
    const bySubject = new Map<string, string[]>();
    for (const d of doc.diagnostics ?? []) {
        const message = `${d.prefix ?? ""}${d.message ?? ""}`.trim();
        if (!message) continue;
        if (d.severity === "error") summary.errors.push(redactor.redact(message));
        else if (d.severity === "warning") summary.warnings.push(redactor.redact(message));
        if (d.urn) append(byUrn, d.urn, message);
        // "warning: flat.OrganizationUser mrivera: resets the password…" is about "flat.OrganizationUser mrivera".
        const subject = /^(?:warning: |error: )?([^:\n]+):/.exec(message)?.[1];
        if (subject) append(bySubject, subject, message);
    }
    collector.warningsAbout = (subject) => bySubject.get(subject) ?? [];

    for (const step of steps) {
        summary.steps[step.op] = (summary.steps[step.op] ?? 0) + 1;
        const type = step.newState?.type ?? step.oldState?.type ?? urnType(step.urn);
        if (type === ROOT_STACK || (replaced.has(step.urn) && step.op !== "replace")) continue;
        const interpret = type.startsWith(DYNAMIC) ? interpreters[type.slice(DYNAMIC.length)] : undefined;
        const api = type === NODEJS_PROVIDER ? ourProvider(step) : undefined;
        if (interpret) {
            const op = changeOps[step.op];
            if (op) interpret(view(step, op, byUrn.get(step.urn) ?? []), collector);
        } else if (api) {
            summary.providers.push({ api, name: urnName(step.urn), op: step.op, changes: settingChanges(step) });
        } else {
            const counts = (summary.other[type] ??= {});
            counts[step.op] = (counts[step.op] ?? 0) + 1;
        }
    }
    summary.flat.push(
        ...[...flat.values()]
            .filter(hasChanges)
            .sort(
                (a, b) =>
                    Number(b.provider === "default") - Number(a.provider === "default") ||
                    a.provider.localeCompare(b.provider),
            ),
    );
    summary.edubase.push(
        ...[...edubase.values()]
            .filter((o) => o.added.length + o.removed.length + o.permissionChanges.length > 0)
            .sort((a, b) => a.provider.localeCompare(b.provider) || a.organization.localeCompare(b.organization)),
    );
    return summary;
}

function append(map: Map<string, string[]>, key: string, value: string): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

function view(step: PreviewStep, op: ChangeOp, warnings: string[]) {
    const oldState = step.oldState;
    const olds: Props = { ...(oldState?.inputs ?? {}), ...(oldState?.outputs ?? {}) };
    return {
        op,
        urn: step.urn,
        name: urnName(step.urn),
        provider: providerName(step.provider ?? step.newState?.provider ?? oldState?.provider),
        olds,
        news: step.newState?.inputs ?? {},
        replaceReasons: step.replaceReasons ?? [],
        warnings,
    };
}

/** An explicit `flat.Provider` or `edubase.Provider`: a nodejs provider configured with our keys. */
function ourProvider(step: PreviewStep): "flat" | "edubase" | undefined {
    const keys = Object.keys({ ...step.oldState?.inputs, ...step.newState?.inputs });
    if (keys.some((k) => k.startsWith("flat:"))) return "flat";
    if (keys.some((k) => k.startsWith("edubase:"))) return "edubase";
    return undefined;
}

/** A provider's settings that change; a secret's value is never shown. */
function settingChanges(step: PreviewStep): string[] {
    if (step.op !== "update" && step.op !== "replace") return [];
    const before = step.oldState?.inputs ?? {};
    const after = step.newState?.inputs ?? {};
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((key) => key.includes(":") && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .sort()
        .map((key) => (isSecretName(key) ? `${key} changes` : `${key}: ${show(before[key])} → ${show(after[key])}`));
}

function show(value: unknown): string {
    return value === undefined ? "unset" : typeof value === "string" ? value : JSON.stringify(value);
}

function emptyFlat(provider: string): FlatOrganization {
    return {
        provider,
        created: [],
        imported: [],
        removed: [],
        roleChanges: [],
        passwordResets: [],
        profileUpdates: [],
        removalModeChanges: [],
        invitationsSent: [],
        invitationsWithdrawn: [],
        lti: [],
        credentials: [],
    };
}

function hasChanges(org: FlatOrganization): boolean {
    return Object.values(org).some((v) => Array.isArray(v) && v.length > 0);
}
