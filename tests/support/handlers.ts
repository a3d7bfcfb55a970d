// Unit-test shorthand for a resource's handlers: `checked` runs check and expects no failure;
// `created` also creates, and returns the outputs as the engine stores them (with providerVersion);
// `diffed` is diff's answer as [changes, replaces, deleteBeforeReplace].
import { Handlers, PROVIDER_VERSION } from "../../provider/core/dynamic";

export function lifecycle<I extends object, O extends object>(handlers: Handlers<I, O>) {
    async function checked(news: Record<string, unknown>): Promise<I> {
        const r = await handlers.check({}, news);
        expect(r.failures).toEqual([]);
        return r.inputs;
    }
    async function created(news: Record<string, unknown>): Promise<{ inputs: I; id: string; outs: O }> {
        const inputs = await checked(news);
        const r = await handlers.create(inputs);
        return { inputs, id: r.id, outs: { ...r.outs, providerVersion: PROVIDER_VERSION } };
    }
    async function diffed(olds: O, news: I): Promise<[boolean, string[], boolean]> {
        const r = await handlers.diff("id", olds, news);
        return [r.changes, r.replaces, r.deleteBeforeReplace];
    }
    return { checked, created, diffed };
}
