/**
 * One shape for every error a resource reports: `<api>.<Resource> <name>: <action>: <reason>`, for
 * example `flat.OrganizationUser ada: create: Flat API POST /organizations/users failed: 400 ...`.
 * The error that caused it stays reachable as `cause`, so nothing a lower layer knew is lost.
 */
import { Handlers, isUnknown, ResourceInitError } from "./dynamic";

/** What names a resource in its errors: its type (`flat.OrganizationUser`) and its name from its inputs or outputs. */
export interface ResourceLabel<I extends object, O extends object> {
    readonly type: string;
    name(props: Partial<I> | O): unknown;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `<type> <name>: <action>: <reason>`, with `cause` when the reason comes from another error. */
export function resourceError(type: string, name: string, action: string, reason: string, cause?: unknown): Error {
    return new Error(`${type} ${name}: ${action}: ${reason}`, cause === undefined ? undefined : { cause });
}

/**
 * `err` in the resource's shape, `err` kept as its cause. An error already in the shape passes
 * unchanged; a partial failure stays a ResourceInitError, so the engine still records the object.
 */
export function inResourceShape(type: string, name: string, action: string, err: unknown): unknown {
    const reason = reasonOf(err);
    if (reason.startsWith(`${type} `)) return err;
    if (err instanceof ResourceInitError) {
        const message = `${type} ${name}: ${action}: ${reason}`;
        return Object.assign(new ResourceInitError(message, err.id, err.properties, [message]), { cause: err });
    }
    return resourceError(type, name, action, reason, err);
}

/** The handlers with every failure in the resource's shape. */
export function labelled<I extends object, O extends object>(
    label: ResourceLabel<I, O>,
    h: Handlers<I, O>,
): Handlers<I, O> {
    const nameOf = (props: Partial<I> | O | undefined, id?: string): string => {
        const name = props === undefined ? undefined : label.name(props);
        return typeof name === "string" && name !== "" && !isUnknown(name) ? name : (id ?? "(unnamed)");
    };
    async function run<T>(action: string, name: string, work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (err) {
            throw inResourceShape(label.type, name, action, err);
        }
    }
    return {
        check: (olds, news) => run("check", nameOf(news as Partial<I>), () => h.check(olds, news)),
        diff: (id, olds, news) => run("diff", nameOf(news, id), () => h.diff(id, olds, news)),
        create: (inputs) => run("create", nameOf(inputs), () => h.create(inputs)),
        read: (id, props) => run("read", nameOf(props, id), () => h.read(id, props)),
        update: (id, olds, news) => run("update", nameOf(news, id), () => h.update(id, olds, news)),
        delete: (id, props) => run("delete", nameOf(props, id), () => h.delete(id, props)),
    };
}
