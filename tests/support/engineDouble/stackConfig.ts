// Stack config as the CLI keeps it in Pulumi.<stack>.yaml: `config:` keys `<namespace>:<key>`,
// secret values as `{secure: v1:...}` encrypted with the stack's passphrase (`encryptionsalt`).
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { Crypter } from "./crypter";

export interface StackConfig {
    /** Plaintext values, keys `<namespace>:<key>` (what the language host passes in PULUMI_CONFIG). */
    values: Record<string, string>;
    secretKeys: string[];
}

type ConfigFile = { encryptionsalt?: string; config?: Record<string, string | { secure: string }> };

export function readStackConfig(file: string, crypter: Crypter): StackConfig {
    const doc = (fs.existsSync(file) ? yaml.load(fs.readFileSync(file, "utf8")) : {}) as ConfigFile;
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(doc?.config ?? {})) {
        if (v && typeof v === "object" && "secure" in v) {
            values[k] = crypter.decrypt(v.secure);
            secretKeys.push(k);
        } else values[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return { values, secretKeys };
}

/** Writes Pulumi.<stack>.yaml as `pulumi config set [--secret]` would leave it. */
export function writeStackConfig(
    file: string,
    crypter: Crypter,
    entries: Record<string, string | { secret: string }>,
): void {
    const config: ConfigFile["config"] = {};
    for (const [k, v] of Object.entries(entries))
        config[k] = typeof v === "string" ? v : { secure: crypter.encrypt(v.secret) };
    fs.writeFileSync(file, yaml.dump({ encryptionsalt: crypter.saltState, config }));
}
