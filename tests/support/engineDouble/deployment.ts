// The stack's state between runs: a deployment document shaped as `pulumi stack export` prints it
// (apitype.UntypedDeployment, version 3: manifest, secrets_providers, resources with urn, custom, id,
// type, inputs, outputs, parent, provider, dependencies, initErrors, ...), secrets encrypted.
import { isSecret, SECRET_SIG, SIG_KEY } from "../secrets";
import { Crypter } from "./crypter";

type Dict = Record<string, any>;

/** One resource of the state; values in engine form (secrets as `{sig, value}` wrappers, in memory only). */
export interface ResourceState {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs: Dict;
    outputs: Dict;
    parent?: string;
    /** `urn::id` of the provider resource that manages it. */
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    additionalSecretOutputs?: string[];
    initErrors?: string[];
}

export interface DeploymentDocument {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        secrets_providers: { type: "passphrase"; state: { salt: string } };
        resources: Dict[];
    };
}

/** Replaces every secret wrapper by its ciphertext form `{sig, ciphertext}` (the value's JSON, encrypted). */
function encryptSecrets(v: unknown, crypter: Crypter): unknown {
    if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, ciphertext: crypter.encrypt(JSON.stringify(v.value)) };
    if (Array.isArray(v)) return v.map((x) => encryptSecrets(x, crypter));
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encryptSecrets(x, crypter)]));
    return v;
}

function decryptSecrets(v: unknown, crypter: Crypter): unknown {
    if (v && typeof v === "object" && !Array.isArray(v) && (v as Dict)[SIG_KEY] === SECRET_SIG && "ciphertext" in v)
        return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(crypter.decrypt(String((v as Dict).ciphertext))) };
    if (Array.isArray(v)) return v.map((x) => decryptSecrets(x, crypter));
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decryptSecrets(x, crypter)]));
    return v;
}

export function toDocument(resources: ResourceState[], crypter: Crypter, sdkVersion: string): DeploymentDocument {
    return {
        version: 3,
        deployment: {
            manifest: { time: new Date().toISOString(), magic: "", version: `engine double (SDK ${sdkVersion})` },
            secrets_providers: { type: "passphrase", state: { salt: crypter.saltState } },
            resources: resources.map((r) => {
                const out: Dict = {
                    ...r,
                    inputs: encryptSecrets(r.inputs, crypter),
                    outputs: encryptSecrets(r.outputs, crypter),
                };
                for (const [k, v] of Object.entries(out))
                    if (v === undefined || (Array.isArray(v) && !v.length)) delete out[k];
                return out;
            }),
        },
    };
}

export function fromDocument(doc: DeploymentDocument, crypter: Crypter): ResourceState[] {
    return doc.deployment.resources.map((r) => ({
        ...(r as ResourceState),
        inputs: decryptSecrets(r.inputs ?? {}, crypter) as Dict,
        outputs: decryptSecrets(r.outputs ?? {}, crypter) as Dict,
    }));
}
