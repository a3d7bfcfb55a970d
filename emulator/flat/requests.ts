/**
 * What every Flat handler shares: the request context, Flat's error answers, body and query
 * validation against the emulator's schemas, and cursor pagination with RFC 8288 `Link` headers.
 */
import { checkSchema, FlatSchemaName } from "../flatSchemas";
import type { EmulatorRequest, EmulatorResponse } from "../types";
import type { FlatOrganization, FlatState, FlatUserRecord } from "./state";
import type { AppScope } from "../flatSchemas";

export interface Principal {
    readonly token: string;
    readonly user: FlatUserRecord;
    /** Undefined for an organization admin token, which carries every scope. */
    readonly scopes?: readonly AppScope[];
}

export interface Context {
    readonly state: FlatState;
    readonly req: EmulatorRequest;
    readonly principal: Principal;
    readonly params: string[];
}

/** The context of an organization endpoint: the caller is an admin of `org`. */
export interface OrgContext extends Context {
    readonly org: FlatOrganization;
}

export function error(status: number, code: string, message: string, param?: string): EmulatorResponse {
    return { status, body: param === undefined ? { code, message } : { code, message, param } };
}
export const clientError = (message: string, param?: string) => error(400, "CLIENT_ERROR", message, param);
export const notFound = (message: string) => error(404, "NOT_FOUND", message);
export const ok = (body: unknown, headers?: Record<string, string>): EmulatorResponse => ({
    status: 200,
    body,
    headers,
});
export const noContent: EmulatorResponse = { status: 204 };

export const isAnswer = (x: object): x is EmulatorResponse => "status" in x;

export function omitUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function bodyOf(req: EmulatorRequest): { body: unknown } | EmulatorResponse {
    if (req.rawBody.trim() !== "" && req.body === undefined) return clientError("Invalid JSON body", "body");
    if (req.body === undefined) return clientError("Request body is required", "body");
    return { body: req.body };
}

/** Validates the body against `schema`: the body itself on success, or the 400 answer. */
export function validBody<T>(req: EmulatorRequest, schema: FlatSchemaName): { value: T } | EmulatorResponse {
    const got = bodyOf(req);
    if (isAnswer(got)) return got;
    const violation = checkSchema(schema, got.body);
    return violation ? clientError(violation.message, violation.param) : { value: got.body as T };
}

export function validQuery<T>(
    req: EmulatorRequest,
    schema: FlatSchemaName,
    arrays: ReadonlySet<string> = new Set(),
): { value: T } | EmulatorResponse {
    const query = queryObject(req.query, arrays);
    const violation = checkSchema(schema, query);
    return violation ? clientError(violation.message, violation.param) : { value: query as T };
}

/** Query parameters as an object: array parameters keep every value, the others their last one. */
function queryObject(query: URLSearchParams, arrays: ReadonlySet<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of new Set(query.keys())) {
        const values = query.getAll(key);
        out[key] = arrays.has(key) ? values : values[values.length - 1];
    }
    return out;
}

interface Cursor {
    /** Page after this id (next) or before it (previous). */
    readonly id: string;
    /** Where that id was, used when it has since been deleted. */
    readonly index: number;
    readonly dir: "next" | "previous";
}

function encodeCursor(cursor: Cursor): string {
    return Buffer.from(JSON.stringify([cursor.dir === "next" ? "n" : "p", cursor.id, cursor.index])).toString(
        "base64url",
    );
}

function decodeCursor(text: string, dir: Cursor["dir"]): Cursor | undefined {
    try {
        const [tag, id, index] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
        if (tag !== (dir === "next" ? "n" : "p") || typeof id !== "string" || typeof index !== "number")
            return undefined;
        return { id, index, dir };
    } catch {
        return undefined;
    }
}

/** Pages `items` by opaque cursors and builds the RFC 8288 `Link` header from the request URL. */
export function paginate<T extends { id: string }>(
    req: EmulatorRequest,
    items: T[],
    limit: number,
    query: { next?: string; previous?: string },
): { page: T[]; headers: Record<string, string> } | EmulatorResponse {
    let start = 0;
    let end = Math.min(limit, items.length);
    if (query.next !== undefined) {
        const cursor = decodeCursor(query.next, "next");
        if (!cursor) return clientError("Invalid pagination cursor", "next");
        const at = items.findIndex((i) => i.id === cursor.id);
        start = at >= 0 ? at + 1 : Math.min(cursor.index, items.length);
        end = Math.min(start + limit, items.length);
    } else if (query.previous !== undefined) {
        const cursor = decodeCursor(query.previous, "previous");
        if (!cursor) return clientError("Invalid pagination cursor", "previous");
        const at = items.findIndex((i) => i.id === cursor.id);
        end = at >= 0 ? at : Math.min(cursor.index, items.length);
        start = Math.max(0, end - limit);
    }
    const page = items.slice(start, end);
    const links: string[] = [];
    const link = (rel: "next" | "prev", cursor: Cursor) => {
        const params = new URLSearchParams();
        for (const [key, value] of req.query) if (key !== "next" && key !== "previous") params.append(key, value);
        params.append(cursor.dir, encodeCursor(cursor));
        const host = typeof req.headers.host === "string" ? req.headers.host : "127.0.0.1";
        links.push(`<http://${host}/v2${req.path}?${params.toString()}>; rel="${rel}"`);
    };
    if (end < items.length && page.length > 0)
        link("next", { id: page[page.length - 1].id, index: end - 1, dir: "next" });
    if (start > 0 && page.length > 0) link("prev", { id: page[0].id, index: start, dir: "previous" });
    return { page, headers: links.length > 0 ? { Link: links.join(", ") } : {} };
}
