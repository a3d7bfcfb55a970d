/**
 * Checks recorded Flat exchanges against Flat's official OpenAPI spec (never copied into the project),
 * found by flatSpecLocation.js and loaded with openapi-backend. Without the spec, `describeWithFlatSpec`
 * skips the suites it wraps; globalSetup.js prints why once.
 *
 * openapi-backend compiles the spec's schemas with ajv (`strict: false`). What that means here, checked
 * by tests/conformance/flat.emulator.test.ts:
 * - `nullable: true` is honoured (ajv's OpenAPI `nullable` keyword), so `picture: null` passes and
 *   `username: null` fails.
 * - `oneOf` is validated as plain JSON Schema `oneOf`; the `discriminator` keyword is ignored (ajv's
 *   discriminator support rejects `allOf` branches, which the LTI schemas use). Flat's branches pin
 *   their discriminating property with a one-value `enum`, so exactly one branch matches a valid
 *   object and a wrong `mode`/`ltiVersion` still fails.
 * - the non-standard `format: url` of the LTI schemas is checked as an absolute URI (below) instead
 *   of being silently ignored as an unknown format.
 */
import { readFileSync } from "node:fs";
import addFormats from "ajv-formats";
import { load } from "js-yaml";
import type { ErrorObject } from "ajv";
import type OpenAPIBackendClass from "openapi-backend";
import type { Operation } from "openapi-backend";
import type { RecordedExchange } from "../../emulator/types";
import { locateFlatSpec } from "./flatSpecLocation";

/*
 * Workaround: openapi-backend 5.21 `require`s @apidevtools/json-schema-ref-parser 16, which is
 * ESM-only. Node 20.19+ loads it (require(esm)), Jest's module registry cannot. Inside Jest the
 * parser is replaced by the two functions openapi-backend calls: `parse` (the YAML file, read with
 * js-yaml, already installed with Jest) and `dereference` (below: the spec only has internal
 * `#/components/...` refs; dereference-json-schema, which openapi-backend uses in quick mode, throws
 * on this spec).
 */
const loadYaml = (file: string): unknown => load(readFileSync(file, "utf8"));
const refParserStandIn = {
    parse: async (file: string) => loadYaml(file),
    // openapi-backend hands over the file path again when its definition was given as a path.
    dereference: async (document: unknown) =>
        dereferenceInternal(typeof document === "string" ? loadYaml(document) : document),
    resolve: async () => {
        throw new Error("resolve is not used by openapi-backend");
    },
};
/** Replaces every internal `$ref` in place by the object it points to; shared targets stay shared, cycles stay cycles. */
function dereferenceInternal(document: unknown): unknown {
    const walked = new WeakSet<object>();
    const pointer = (ref: string): unknown =>
        ref
            .slice(2)
            .split("/")
            .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
            .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
    const walk = (node: unknown): unknown => {
        if (typeof node !== "object" || node === null) return node;
        const ref = (node as { $ref?: unknown }).$ref;
        if (typeof ref === "string" && ref.startsWith("#/")) return walk(pointer(ref));
        if (walked.has(node)) return node;
        walked.add(node);
        const record = node as Record<string, unknown>;
        for (const key of Object.keys(record)) record[key] = walk(record[key]);
        return node;
    };
    return walk(document);
}
if (typeof jest !== "undefined") {
    jest.doMock("@apidevtools/json-schema-ref-parser", () => ({ __esModule: true, default: refParserStandIn }));
}
const OpenAPIBackend = (require("openapi-backend") as { default: typeof OpenAPIBackendClass }).default;

const flatSpecPath = locateFlatSpec().path;

/** `describe` when Flat's spec is available, `describe.skip` when it is not. */
export const describeWithFlatSpec: jest.Describe = flatSpecPath ? describe : describe.skip;

/** The `enum` of a schema of the spec's `components.schemas`, or of one of its properties. */
export function flatSpecEnum(schema: string, property?: string): unknown[] {
    if (!flatSpecPath) throw new Error("Flat's spec is not available: wrap the suite in describeWithFlatSpec");
    type Schema = { enum?: unknown[]; properties?: Record<string, Schema> };
    const doc = loadYaml(flatSpecPath) as { components: { schemas: Record<string, Schema> } };
    const node = property ? doc.components.schemas[schema]?.properties?.[property] : doc.components.schemas[schema];
    if (!node?.enum) throw new Error(`Flat's spec has no enum at ${schema}${property ? `.${property}` : ""}`);
    return node.enum;
}

let backend: OpenAPIBackendClass | undefined;

/** Loads and compiles the spec once per test file; call it in `beforeAll`. */
export async function loadFlatSpec(): Promise<void> {
    if (backend) return;
    if (!flatSpecPath) throw new Error("Flat's spec is not available: wrap the suite in describeWithFlatSpec");
    const api = new OpenAPIBackend({
        definition: flatSpecPath,
        strict: false,
        quick: false,
        validate: true,
        customizeAjv: (ajv) => {
            addFormats(ajv);
            ajv.addFormat("url", { type: "string", validate: (s: string) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(s) });
            return ajv;
        },
    });
    await api.init();
    // With `strict: false` a failed load is only a console warning: fail loudly instead.
    if (!api.definition?.paths?.["/organizations/users"])
        throw new Error(`could not load the Flat spec from ${flatSpecPath}`);
    backend = api;
}

export interface ValidateOptions {
    /**
     * Tolerate a request the spec rejects when the emulator refused it (status 4xx): tests that
     * send bad requests on purpose set this. An invalid request that got a 2xx is always reported.
     */
    invalidRequestsRefused?: boolean;
}

/** Faults that cut the answer: there is no response to check. */
const cutFaults = new Set(["dropBefore", "dropAfter", "stall"]);

function formatErrors(errors: ErrorObject[] | null | undefined): string {
    return (errors ?? [])
        .map(
            (e) =>
                `${e.instancePath || "/"} ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`,
        )
        .join("; ");
}

/** Human-readable violations of the spec, one string each; empty when every exchange conforms. */
export function validateExchanges(exchanges: readonly RecordedExchange[], options: ValidateOptions = {}): string[] {
    if (!backend) throw new Error("call `await loadFlatSpec()` (e.g. in beforeAll) before validateExchanges");
    const api = backend;
    const violations: string[] = [];
    exchanges.forEach((exchange, index) => {
        if (exchange.api !== "flat" || (exchange.fault && cutFaults.has(exchange.fault))) return;
        const label = `#${index} ${exchange.method} ${exchange.path}${queryText(exchange.query)} → ${exchange.status}`;
        const report = (message: string) => violations.push(`${label}: ${message}`);
        const request = {
            method: exchange.method,
            path: exchange.path,
            query: exchange.query,
            headers: exchange.requestHeaders as Record<string, string | string[]>,
            body: exchange.requestBody,
        };
        const operation = api.router.matchOperation(request);
        if (!operation) {
            report("no operation of the spec matches this method and path");
            return;
        }
        const refused = exchange.status >= 400 && exchange.status < 500;
        const requestProblems = requestViolations(api, operation, request, exchange);
        if (requestProblems.length > 0 && !(options.invalidRequestsRefused && refused)) {
            const prefix = exchange.status < 400 ? "the emulator accepted an invalid request: " : "invalid request: ";
            for (const p of requestProblems) report(prefix + p);
        }
        for (const p of responseViolations(api, operation, exchange)) report(p);
    });
    return violations;
}

function queryText(query: Record<string, string | string[]>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) params.append(key, v);
    const text = params.toString();
    return text ? `?${text}` : "";
}

function requestViolations(
    api: OpenAPIBackendClass,
    operation: Operation,
    request: {
        method: string;
        path: string;
        query: Record<string, string | string[]>;
        headers: Record<string, string | string[]>;
        body: unknown;
    },
    exchange: RecordedExchange,
): string[] {
    const problems: string[] = [];
    // The spec's only security scheme is OAuth2, sent as a bearer token on every operation.
    const auth = exchange.requestHeaders.authorization;
    if (operation.security?.length && !(typeof auth === "string" && /^Bearer \S+$/.test(auth)))
        problems.push("no bearer token");
    const bodyRequired = Boolean(
        operation.requestBody && "required" in operation.requestBody && operation.requestBody.required,
    );
    if (bodyRequired && exchange.requestBody === undefined) problems.push("the request body is required");
    const result = api.validator.validateRequest(request, operation);
    if (!result.valid) problems.push(formatErrors(result.errors));
    // Spec quirk: listOrganizationUsers declares `sort` as `type: string` with its enum under a stray
    // `items`, which JSON Schema ignores for strings. The documented enum is enforced here instead.
    if (operation.operationId === "listOrganizationUsers" && exchange.query.sort !== undefined) {
        const sorts = ["firstname", "lastname", "lastActivityDate", "licenseExpirationDate"];
        if (!sorts.includes(String(exchange.query.sort))) problems.push(`sort must be one of ${sorts.join(", ")}`);
    }
    return problems;
}

function responseViolations(api: OpenAPIBackendClass, operation: Operation, exchange: RecordedExchange): string[] {
    const declared = Object.keys(operation.responses ?? {});
    const status = String(exchange.status);
    if (!declared.includes(status) && !declared.includes(`${status[0]}XX`) && !declared.includes("default")) {
        return [`status ${status} is not declared (declared: ${declared.join(", ")})`];
    }
    if (exchange.status === 204) {
        const problems = declared.includes("204") ? [] : ["204 is not a declared response"];
        if (exchange.responseBody !== undefined) problems.push("a 204 response must have no body");
        return problems;
    }
    if (exchange.status >= 200 && exchange.status < 300 && !declared.includes(status)) {
        return [`success status ${status} is not declared (declared: ${declared.join(", ")})`];
    }
    // Spec quirk: `onlyIds=true` / `onlyId=true` promise "only ids" but the declared schema stays the
    // full user. The emulator answers bare id strings (users list) and `{id}` (`/me`); those shapes
    // are checked here, and only when the flag was sent.
    if (
        exchange.status === 200 &&
        operation.operationId === "listOrganizationUsers" &&
        exchange.query.onlyIds === "true"
    ) {
        const body = exchange.responseBody;
        return Array.isArray(body) && body.every((id) => typeof id === "string")
            ? []
            : ["onlyIds=true must answer an array of id strings"];
    }
    if (
        exchange.status === 200 &&
        operation.operationId === "getAuthenticatedUser" &&
        exchange.query.onlyId === "true"
    ) {
        const body = exchange.responseBody as { id?: unknown } | undefined;
        return typeof body?.id === "string" && Object.keys(body).length === 1 ? [] : ["onlyId=true must answer {id}"];
    }
    // Spec quirk: countOrgaUsers declares `type: integer` with a stray `items`; `items` applies only to
    // arrays, so a bare integer validates against it as the description says. No allowance needed.
    const result = api.validator.validateResponse(exchange.responseBody, operation, exchange.status);
    return result.valid ? [] : [`response body: ${formatErrors(result.errors)}`];
}
