/**
 * One preview step as the interpreters see it: the op reduced to what it does (a replacement's
 * halves folded into `replace`), the stored values and the new inputs side by side, the provider
 * named, and the provider's warnings about the resource attached.
 */
import { EdubaseOrganization, FlatOrganization } from "./changes";
import { Props, UNKNOWN, urnName } from "./previewDocument";

export type ChangeOp = "create" | "update" | "replace" | "delete" | "import";

export interface StepView {
    readonly op: ChangeOp;
    readonly urn: string;
    /** The resource's name in the program. */
    readonly name: string;
    /** `default` (stack config credentials) or the name of an explicit provider resource. */
    readonly provider: string;
    /** Stored inputs overlaid with stored outputs: what the provider's diff compares the new inputs with. */
    readonly olds: Props;
    /** New inputs as `check` returned them (defaults applied). */
    readonly news: Props;
    readonly replaceReasons: readonly string[];
    /** Warnings the engine attributed to this resource's URN. */
    readonly warnings: readonly string[];
}

/** Where interpreters record what they find. */
export interface Collector {
    flat(provider: string): FlatOrganization;
    edubase(provider: string, organization: string): EdubaseOrganization;
    /** Something the review cannot tell from a preview (a value not known until apply). */
    note(text: string): void;
    /**
     * The provider's warnings about a subject such as `flat.OrganizationUser mrivera`: a dynamic
     * provider logs without the resource's URN, so its messages name their subject first.
     */
    warningsAbout(subject: string): readonly string[];
}

export type Interpreter = (step: StepView, into: Collector) => void;

/**
 * The provider reference of a step is `<provider URN>::<provider id>`; default providers are
 * named `default` or `default_<version>`.
 */
export function providerName(reference: string | undefined): string {
    if (!reference) return "default";
    const parts = reference.split("::");
    const name = parts.length >= 5 ? parts.slice(3, -1).join("::") : urnName(reference);
    return /^default(_|$)/.test(name) ? "default" : name;
}

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN || (Array.isArray(value) && value.some(isUnknown));
}

/** A string value for display, or undefined when absent or not known yet. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== UNKNOWN ? value : undefined;
}

export function strings(value: unknown): string[] | undefined {
    return Array.isArray(value) && !isUnknown(value) && value.every((v) => typeof v === "string") ? value : undefined;
}
