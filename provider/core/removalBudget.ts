/**
 * Removal budgets: how many accounts or memberships one run may take away. A truncated roster file
 * must not empty an organization; past its budget a removal fails before any request, its resource
 * stays in state, and the next run (with a raised limit) removes it. Raising a limit is a config
 * change, so it shows in the same pull request as the removals it allows.
 *
 * Every dynamic resource served by one provider process shares its budgets, and the engine starts
 * fresh provider processes for every command, so "per process" is "per run" (per organization with
 * explicit providers: each one is its own process).
 *
 * Use: `await removalBudgets.flatUsers.spend(1, "flat.OrganizationUser mrivera: delete", () => request())`,
 * or `take`/`giveBack` around work whose removals only partly happen.
 */
import { lookup, Setting, settings } from "./config";

export class RemovalBudget {
    private used = 0;
    /** Removals asked for and refused in this run, to suggest a limit that lets them through. */
    private refused = 0;

    /** `unit`: what one removal is, plural ("accounts"). */
    constructor(
        readonly setting: Setting,
        readonly unit: string,
    ) {}

    /** The limit configured for this run (stack config, explicit provider input, environment, default). */
    limit(): number {
        const raw = lookup(this.setting);
        const n = Number(raw);
        if (raw === undefined || !Number.isInteger(n) || n < 0)
            throw new Error(
                `${this.setting.key} must be a whole number of 0 or more (removals allowed per run), got ` +
                    `${JSON.stringify(raw)}`,
            );
        return n;
    }

    /**
     * Takes `count` removals, or none: throws when fewer are left. `what` names the resource and the
     * action (`flat.OrganizationUser mrivera: delete`) and starts the error. Call before any request.
     */
    take(count: number, what: string): void {
        const limit = this.limit();
        if (this.used + count <= limit) {
            this.used += count;
            return;
        }
        this.refused += count;
        const left = Math.max(0, limit - this.used);
        const suggested = Math.ceil((limit + this.refused) / 10) * 10;
        const [ns, input] = this.setting.key.split(":");
        throw new Error(
            `${what}: refused before any request: ${count === 1 ? "this removal" : `these ${count} removals`} would pass the limit of ${limit} ${this.unit} removed per run (${this.setting.key}; ${left} left, ${this.refused} refused so far in this run). ` +
                `The resource stays in state. To allow more, raise the limit in the same change as the removals, e.g. \`pulumi config set ${this.setting.key} ${suggested}\` ` +
                `(or the ${input} input of an explicit ${ns}.Provider, or ${this.setting.env.join(" / ")} in the ` +
                `environment of the run), then run again.`,
        );
    }

    /** Returns removals that were taken but did not happen (their request failed). */
    giveBack(count: number): void {
        this.used = Math.max(0, this.used - count);
    }

    /** Takes `count`, runs `work`, and gives them back when it fails. */
    async spend<T>(count: number, what: string, work: () => Promise<T>): Promise<T> {
        this.take(count, what);
        try {
            return await work();
        } catch (err) {
            this.giveBack(count);
            throw err;
        }
    }

    /** A new run in the same process (tests play several runs in one). */
    reset(): void {
        this.used = 0;
        this.refused = 0;
    }
}

export const removalBudgets = {
    /** `flat:maxUserRemovals`: accounts taken out of a Flat organization (delete or convertToIndividual). */
    flatUsers: new RemovalBudget(settings.flatMaxUserRemovals, "accounts"),
    /** `edubase:maxMembershipRemovals`: (organization, user) pairs removed from EduBase organizations. */
    edubaseMemberships: new RemovalBudget(settings.edubaseMaxMembershipRemovals, "memberships"),
};
