/**
 * The Flat operations as data (method, path pattern, scope group, handler) and the dispatch of one
 * request: authenticate, meter the quota, find the route, check the caller is an organization admin
 * whose token carries the route's scope.
 */
import type { AppScope } from "../flatSchemas";
import type { EmulatorRequest, EmulatorResponse } from "../types";
import { createInvitation, listInvitations, removeInvitation } from "./invitations";
import {
    createConfiguration,
    createCredentials,
    deleteConfiguration,
    listConfigurations,
    listCredentials,
    revokeCredentials,
    updateConfiguration,
} from "./lti";
import { meter } from "./quota";
import { error, notFound, OrgContext, Principal } from "./requests";
import { FlatState, orgById } from "./state";
import { authenticate, createAccessToken, createSigninLink } from "./tokens";
import { countUsers, createUser, listUsers, me, removeUser, updateUser } from "./users";

type ScopeGroup = "usersRead" | "usersWrite" | "ltiRead" | "ltiWrite";

const scopeGroups: Record<ScopeGroup, AppScope[]> = {
    usersRead: ["edu.admin", "edu.admin.users", "edu.admin.users.readonly"],
    usersWrite: ["edu.admin", "edu.admin.users"],
    ltiRead: ["edu.admin", "edu.admin.lti", "edu.admin.lti.readonly"],
    ltiWrite: ["edu.admin", "edu.admin.lti"],
};

interface Route {
    readonly method: string;
    readonly pattern: RegExp;
    readonly scopes: ScopeGroup;
    readonly handler: (ctx: OrgContext) => EmulatorResponse;
}

/** `/organizations/<path>`, where `{id}` is one path segment handed to the handler. */
const orgPath = (p: string) => new RegExp(`^/organizations/${p.replace(/\{id\}/g, "([^/]+)")}$`);

const routes: readonly Route[] = [
    { method: "GET", pattern: orgPath("users"), scopes: "usersRead", handler: listUsers },
    { method: "POST", pattern: orgPath("users"), scopes: "usersWrite", handler: createUser },
    { method: "GET", pattern: orgPath("users/count"), scopes: "usersRead", handler: countUsers },
    { method: "PUT", pattern: orgPath("users/{id}"), scopes: "usersWrite", handler: updateUser },
    { method: "DELETE", pattern: orgPath("users/{id}"), scopes: "usersWrite", handler: removeUser },
    { method: "POST", pattern: orgPath("users/{id}/signinLink"), scopes: "usersWrite", handler: createSigninLink },
    { method: "POST", pattern: orgPath("users/{id}/accessToken"), scopes: "usersWrite", handler: createAccessToken },
    { method: "GET", pattern: orgPath("invitations"), scopes: "usersRead", handler: listInvitations },
    { method: "POST", pattern: orgPath("invitations"), scopes: "usersWrite", handler: createInvitation },
    { method: "DELETE", pattern: orgPath("invitations/{id}"), scopes: "usersWrite", handler: removeInvitation },
    { method: "GET", pattern: orgPath("lti/credentials"), scopes: "ltiRead", handler: listCredentials },
    { method: "POST", pattern: orgPath("lti/credentials"), scopes: "ltiWrite", handler: createCredentials },
    { method: "DELETE", pattern: orgPath("lti/credentials/{id}"), scopes: "ltiWrite", handler: revokeCredentials },
    { method: "GET", pattern: orgPath("lti/configurations"), scopes: "ltiRead", handler: listConfigurations },
    { method: "POST", pattern: orgPath("lti/configurations"), scopes: "ltiWrite", handler: createConfiguration },
    { method: "PUT", pattern: orgPath("lti/configurations/{id}"), scopes: "ltiWrite", handler: updateConfiguration },
    { method: "DELETE", pattern: orgPath("lti/configurations/{id}"), scopes: "ltiWrite", handler: deleteConfiguration },
];

function route(state: FlatState, req: EmulatorRequest, principal: Principal): EmulatorResponse {
    // `/me` is open to any authenticated account.
    if (req.path === "/me")
        return req.method === "GET"
            ? me({ state, req, principal, params: [] })
            : notFound(`Cannot ${req.method} ${req.path}`);
    for (const r of routes) {
        const match = r.pattern.exec(req.path);
        if (!match || r.method !== req.method) continue;
        const org = orgById(state, principal.user.organization);
        if (!org || principal.user.organizationRole !== "admin")
            return error(403, "FORBIDDEN", "Not admin of an organization");
        const granted = principal.scopes;
        if (granted && !scopeGroups[r.scopes].some((s) => granted.includes(s))) {
            return error(403, "FORBIDDEN", `Missing scope: one of ${scopeGroups[r.scopes].join(", ")} is required`);
        }
        return r.handler({ state, req, principal, org, params: match.slice(1).map(decodeURIComponent) });
    }
    return notFound(`Cannot ${req.method} ${req.path}`);
}

/** Answers one Flat API request, with the quota headers on every answer. */
export function handle(state: FlatState, req: EmulatorRequest): EmulatorResponse {
    const principal = authenticate(state, req);
    const anonymous = "status" in principal;
    const { headers, exceeded } = anonymous
        ? meter(state, "anonymous", state.limits.anonymousLimit)
        : meter(state, principal.token, state.limits.limit);
    const answer = exceeded
        ? error(403, "API_RATE_LIMIT_EXCEEDED", "API rate limit exceeded for 127.0.0.1")
        : anonymous
          ? principal
          : route(state, req, principal);
    return { ...answer, headers: { ...(answer.headers ?? {}), ...headers } };
}
