/**
 * Keeps secret values out of the summary. Pulumi's JSON display prints every secret as "[secret]",
 * but documents made by other means (streaming events, hand-edited or generated files) may hold
 * them in plaintext: the review never prints the value of a secret-named property, and every text
 * it prints goes through `redact`, which masks any value it found under such a name.
 */
import { isObject, PreviewDigest, SECRET, UNKNOWN } from "./previewDocument";

/**
 * Property names whose values are secret in this package (passwords, tokens, LTI secrets, sign-in and
 * registration URLs, invitation join codes, provider credentials such as `flat:accessToken`) or in
 * most others. A test checks that it covers every secret the provider declares.
 */
const SECRET_NAME = /password|secret|token|apikey|privatekey|^(?:[\w-]+:)?(?:url|registrationurl|htmlurl|customcode)$/i;

export function isSecretName(name: string): boolean {
    return SECRET_NAME.test(name);
}

/** Secrets are indexed by their first characters, so masking reads a text once whatever their number. */
const PREFIX = 4;

export class SecretRedactor {
    private readonly byPrefix = new Map<string, string[]>();

    constructor(values: Iterable<string>) {
        // Longest first, so a secret that contains another is masked whole.
        for (const value of [...new Set(values)].sort((a, b) => b.length - a.length)) {
            const key = value.slice(0, PREFIX);
            const list = this.byPrefix.get(key);
            if (list) list.push(value);
            else this.byPrefix.set(key, [value]);
        }
    }

    /** Every secret-named value of the document (states and config), at any depth. */
    static forDocument(doc: PreviewDigest): SecretRedactor {
        const found: string[] = [];
        for (const [key, value] of Object.entries(doc.config ?? {})) if (isSecretName(key)) collect(value, found);
        for (const step of doc.steps ?? []) {
            for (const state of [step.oldState, step.newState]) {
                if (state) for (const props of [state.inputs, state.outputs]) if (props) walk(props, found);
            }
        }
        return new SecretRedactor(found);
    }

    redact(text: string): string {
        if (this.byPrefix.size === 0) return text;
        let out = "";
        let copied = 0;
        for (let i = 0; i + PREFIX <= text.length;) {
            const hit = this.byPrefix.get(text.slice(i, i + PREFIX))?.find((value) => text.startsWith(value, i));
            if (!hit) {
                i++;
                continue;
            }
            out += text.slice(copied, i) + SECRET;
            i += hit.length;
            copied = i;
        }
        return copied === 0 ? text : out + text.slice(copied);
    }
}

function walk(value: unknown, found: string[]): void {
    if (Array.isArray(value)) for (const item of value) walk(item, found);
    else if (isObject(value)) {
        for (const [key, item] of Object.entries(value)) {
            if (isSecretName(key)) collect(item, found);
            else walk(item, found);
        }
    }
}

/** Every string under a secret-named property (a secret map such as `passwords` holds them as values). */
function collect(value: unknown, found: string[]): void {
    if (typeof value === "string") {
        // Too short to mask without mangling the text around it; no secret of this package is that short.
        if (value !== SECRET && value !== UNKNOWN && value.length >= PREFIX) found.push(value);
    } else if (Array.isArray(value)) for (const item of value) collect(item, found);
    else if (isObject(value)) for (const item of Object.values(value)) collect(item, found);
}

/** `value` with every string masked by `redactor`, at any depth (for results built from the document). */
export function redactDeep<T>(value: T, redactor: SecretRedactor): T {
    if (typeof value === "string") return redactor.redact(value) as T;
    if (Array.isArray(value)) return (value as unknown[]).map((v) => redactDeep(v, redactor)) as T;
    if (isObject(value))
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redactor)])) as T;
    return value;
}
