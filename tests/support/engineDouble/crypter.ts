// Secrets in the deployment document and in Pulumi.<stack>.yaml, as the passphrase secrets provider
// writes them: AES-256-GCM, `v1:<base64 nonce>:<base64 ciphertext+tag>` (sdk/go/common/resource/config
// crypt.go, symmetricCrypter). The key is derived from a passphrase with PBKDF2-SHA256; Pulumi uses
// 1,000,000 iterations, this double uses fewer so that tests stay quick (the format is the same).
import * as nodeCrypto from "node:crypto";

const ITERATIONS = 10_000;

export class Crypter {
    readonly salt: string;
    private readonly key: Buffer;

    constructor(passphrase: string, salt?: string) {
        this.salt = salt ?? nodeCrypto.randomBytes(8).toString("base64");
        this.key = nodeCrypto.pbkdf2Sync(passphrase, Buffer.from(this.salt, "base64"), ITERATIONS, 32, "sha256");
    }

    encrypt(plaintext: string): string {
        const nonce = nodeCrypto.randomBytes(12);
        const cipher = nodeCrypto.createCipheriv("aes-256-gcm", this.key, nonce);
        const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
        return `v1:${nonce.toString("base64")}:${body.toString("base64")}`;
    }

    decrypt(ciphertext: string): string {
        const [version, nonce, body] = ciphertext.split(":");
        if (version !== "v1" || !nonce || !body) throw new Error("not a v1 ciphertext");
        const data = Buffer.from(body, "base64");
        const decipher = nodeCrypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonce, "base64"));
        decipher.setAuthTag(data.subarray(data.length - 16));
        return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
    }

    /** `encryptionsalt` / secrets-provider state: the salt and "pulumi" encrypted, to check the passphrase. */
    get saltState(): string {
        return `v1:${this.salt}:${this.encrypt("pulumi")}`;
    }
}
