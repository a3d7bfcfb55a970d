/**
 * Which resource of this deployment manages which remote object. Every dynamic resource of a
 * deployment runs in one provider process, so one registry sees them all: two resources managing one
 * object undo each other's changes, and removing it from either removes it. Each clash is warned
 * about once per pair of owners and call, naming a few of the objects.
 */
import * as pulumi from "@pulumi/pulumi";

export class ClaimRegistry {
    private readonly owners = new Map<string, string>();

    /** `what`: the objects in the warning ("usernames"); `consequence`: why one owner matters. */
    constructor(
        private readonly what: string,
        private readonly consequence: string,
    ) {}

    /** Records that `owner` manages `keys` and warns about those another resource already manages. */
    claim(owner: string, keys: Iterable<string>): void {
        const clashes = new Map<string, string[]>();
        for (const key of keys) {
            const previous = this.owners.get(key);
            if (previous !== undefined && previous !== owner)
                clashes.set(previous, [...(clashes.get(previous) ?? []), key]);
            this.owners.set(key, owner);
        }
        for (const [other, shared] of clashes)
            void pulumi.log.warn(
                `${owner} manages ${shared.length} ` +
                    `${shared.length === 1 ? this.what.replace(/s$/, "") : this.what} ` +
                    `(${shared.slice(0, 3).join(", ")}${shared.length > 3 ? ", …" : ""}) that ${other} also ` +
                    `manages. ${this.consequence}`,
            );
    }

    /** Forgets the keys `owner` managed (after a removal or a delete). */
    release(owner: string, keys: Iterable<string>): void {
        for (const key of keys) if (this.owners.get(key) === owner) this.owners.delete(key);
    }
}
