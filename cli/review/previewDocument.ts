/**
 * The document `pulumi preview --json` prints, typed after Pulumi's own structs: `PreviewDigest`,
 * `PreviewStep`, `PropertyDiff` and `PreviewDiagnostic` in pulumi/pulumi `pkg/display/json.go`, and
 * `ResourceV3` (oldState / newState) in `sdk/go/common/apitype/core.go`; the document is built by
 * `ShowPreviewDigest` in `pkg/backend/display/json.go`. Secrets arrive as "[secret]", values unknown
 * until apply as the sentinel below, and `newState` carries inputs only (no id, no outputs).
 */

export type Props = Record<string, unknown>;

/** `ResourceV3`: only the fields the review reads. */
export interface ResourceState {
    readonly urn: string;
    readonly custom: boolean;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Props;
    readonly outputs?: Props;
    readonly parent?: string;
    readonly provider?: string;
}

export interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly provider?: string;
    readonly oldState?: ResourceState;
    readonly newState?: ResourceState;
    readonly diffReasons?: string[];
    readonly replaceReasons?: string[];
    /** Always present; `null` when the provider gave no detailed diff (every dynamic provider whose diff answers). */
    readonly detailedDiff: Record<string, { kind: string; inputDiff: boolean }> | null;
}

export interface PreviewDiagnostic {
    readonly urn?: string;
    /** The engine folds the prefix ("warning: ") into the message; kept for documents made otherwise. */
    readonly prefix?: string;
    readonly message?: string;
    readonly severity?: string;
}

export interface PreviewDigest {
    readonly config?: Record<string, string>;
    readonly steps?: PreviewStep[];
    readonly diagnostics?: PreviewDiagnostic[];
    /** Nanoseconds. */
    readonly duration?: number;
    readonly changeSummary?: Record<string, number>;
    readonly maybeCorrupt?: boolean;
}

/** The engine's placeholder for a value not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** How the JSON display prints every secret, at any depth. */
export const SECRET = "[secret]";

/** The document is not one `edu-org review` can read; the message says why and what to do. */
export class PreviewDocumentError extends Error {}

/** Parses and checks the shape of a `pulumi preview --json` document. */
export function parsePreviewDocument(text: string, source: string): PreviewDigest {
    if (text.trim() === "") {
        throw new PreviewDocumentError(
            `${source} is empty: pulumi preview --json printed nothing (a preview that fails before it starts prints its error on stderr)`,
        );
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        if (looksLikeEventStream(text)) {
            throw new PreviewDocumentError(
                `${source} holds one engine event per line (PULUMI_ENABLE_STREAMING_JSON_PREVIEW is set), not the document of pulumi preview --json; unset that variable and run the preview again`,
                { cause: err },
            );
        }
        throw new PreviewDocumentError(`${source} is not JSON: ${(err as Error).message}`, { cause: err });
    }
    if (!isObject(doc) || Array.isArray(doc))
        throw new PreviewDocumentError(`${source} is not the output of pulumi preview --json: not a JSON object`);
    if ("deployment" in doc && "version" in doc) {
        throw new PreviewDocumentError(
            `${source} is a state export (pulumi stack export), not a preview; run pulumi preview --json > preview.json`,
        );
    }
    if (!("steps" in doc) && !("changeSummary" in doc)) {
        throw new PreviewDocumentError(
            `${source} is not the output of pulumi preview --json: it has neither "steps" nor "changeSummary"`,
        );
    }
    const steps = doc.steps;
    if (steps !== undefined && !Array.isArray(steps))
        throw new PreviewDocumentError(`${source}: "steps" must be a list, got ${typeof steps}`);
    for (const [i, step] of (steps ?? []).entries()) {
        if (!isObject(step) || typeof step.op !== "string" || typeof step.urn !== "string")
            throw new PreviewDocumentError(`${source}: steps[${i}] is not a preview step (it needs "op" and "urn")`);
        for (const which of ["oldState", "newState"] as const) {
            const state = step[which];
            if (state !== undefined && (!isObject(state) || typeof state.type !== "string"))
                throw new PreviewDocumentError(`${source}: steps[${i}].${which} is not a resource state (no "type")`);
        }
    }
    if (doc.diagnostics !== undefined && !Array.isArray(doc.diagnostics))
        throw new PreviewDocumentError(`${source}: "diagnostics" must be a list`);
    return doc;
}

function looksLikeEventStream(text: string): boolean {
    const first = text.trimStart().split("\n", 1)[0];
    try {
        const event: unknown = JSON.parse(first);
        return isObject(event) && "sequence" in event && "timestamp" in event;
    } catch {
        return false;
    }
}

export function isObject(value: unknown): value is Props {
    return typeof value === "object" && value !== null;
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>`: the name is everything after the type. */
export function urnName(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : urn;
}

export function urnType(urn: string): string {
    const parts = urn.split("::");
    const qualified = parts.length >= 4 ? parts[2] : "";
    return qualified.split("$").pop() ?? "";
}
