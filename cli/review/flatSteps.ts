/**
 * Flat steps in terms of people: accounts created, taken over, removed (and how), role changes,
 * password resets, invitations, LTI connections replaced, delegated tokens and sign-in links renewed.
 * The engine gives dynamic resources no detailed diff, so every change is computed here from the
 * stored values and the new inputs, the way each resource's own `diff` compares them.
 */
import { FlatOrganization, RemovalMode } from "./changes";
import { isObject, Props, SECRET } from "./previewDocument";
import { Interpreter, isUnknown, str } from "./stepView";

/** Flat's default role of an account, and what `check` fills in when a role is left out. */
const DEFAULT_ROLE = "user";
/** Profile fields an update writes (a username change renames the account). */
const PROFILE_FIELDS: readonly string[] = ["username", "email", "firstname", "lastname"];

function removalMode(value: unknown): RemovalMode {
    return value === "convertToIndividual" || value === "retain" ? value : "delete";
}

function role(value: unknown): string {
    return str(value) ?? DEFAULT_ROLE;
}

/** An input the program left out is not managed, so it is no change (as the provider's diff treats it). */
function changed(olds: Props, news: Props, field: string): boolean {
    const next = news[field];
    return next !== undefined && !isUnknown(next) && JSON.stringify(olds[field]) !== JSON.stringify(next);
}

const organizationUser: Interpreter = (step, into) => {
    const org = into.flat(step.provider);
    const { olds, news } = step;
    const username = str(news.username) ?? str(olds.username) ?? step.name;
    if (step.op === "delete" || step.op === "replace") {
        org.removed.push({
            username: str(olds.username) ?? step.name,
            role: role(olds.role),
            resource: step.name,
            mode: removalMode(olds.onDelete),
            replaced: step.op === "replace" || undefined,
        });
    }
    if (step.op === "create" || step.op === "replace") {
        org.created.push({
            username,
            role: role(news.role),
            resource: step.name,
            adoptExisting: news.adoptExisting === true,
        });
        if (isUnknown(news.username)) into.note(`flat.OrganizationUser ${step.name}: username not known until apply`);
    }
    if (step.op === "import") org.imported.push({ username, role: role(news.role), resource: step.name });
    if (step.op !== "update") return;

    if (isUnknown(news.role)) into.note(`flat.OrganizationUser ${username}: role not known until apply`);
    else if (role(olds.role) !== role(news.role))
        org.roleChanges.push({ who: username, from: role(olds.role), to: role(news.role) });
    const fields = PROFILE_FIELDS.filter((f) => changed(olds, news, f));
    if (fields.length) org.profileUpdates.push({ who: username, fields });
    if (changed(olds, news, "onDelete"))
        org.removalModeChanges.push({
            who: username,
            from: removalMode(olds.onDelete),
            to: removalMode(news.onDelete),
        });
    const warnings = [
        ...step.warnings,
        ...into.warningsAbout(`flat.OrganizationUser ${str(olds.username) ?? username}`),
    ];
    if (warnings.some((w) => /password is not known yet/i.test(w)))
        into.note(`flat.OrganizationUser ${username}: password not known until apply; if it changes, it is reset`);
    const others = fields.length > 0 || changed(olds, news, "role") || changed(olds, news, "onDelete");
    if (passwordChanged(olds, news, warnings, others)) org.passwordResets.push(username);
};

/**
 * A password is secret, so the JSON display shows "[secret]" on both sides. It changes when the
 * values differ (a document holding plaintext), when the provider's preview warning says so, or when
 * a stored password is there and nothing else visible changed: it is the only input of an update
 * that cannot be seen.
 */
function passwordChanged(olds: Props, news: Props, warnings: readonly string[], otherChanges: boolean): boolean {
    const before = olds.password;
    const after = news.password;
    if (typeof before === "string" && typeof after === "string" && before !== SECRET && after !== SECRET)
        return before !== after;
    if (warnings.some((w) => /resets the password/i.test(w) && !/not known yet/i.test(w))) return true;
    return !otherChanges && !changed(olds, news, "providerVersion") && before !== undefined && after !== undefined;
}

interface RosterEntry {
    username?: unknown;
    email?: unknown;
    firstname?: unknown;
    lastname?: unknown;
    role?: unknown;
}

/** `users` of `flat.OrganizationUsers`: a map keyed by lowercased username. */
function roster(value: unknown): Map<string, RosterEntry> | undefined {
    if (!isObject(value) || Array.isArray(value)) return undefined;
    return new Map(Object.entries(value).map(([key, entry]) => [key, isObject(entry) ? entry : {}]));
}

const organizationUsers: Interpreter = (step, into) => {
    const org = into.flat(step.provider);
    const { olds, news } = step;
    const before = step.op === "create" || step.op === "import" ? new Map<string, RosterEntry>() : roster(olds.users);
    const after = step.op === "delete" ? new Map<string, RosterEntry>() : roster(news.users);
    if (!before || !after) {
        into.note(`flat.OrganizationUsers ${step.name}: users not known until apply; its accounts are not counted`);
        return;
    }
    const name = (key: string, entry: RosterEntry) => str(entry.username) ?? key;
    // A set's removals follow the mode the program declares now; a deleted set's, the stored one.
    const mode = removalMode(step.op === "update" ? (news.onRemove ?? olds.onRemove) : olds.onRemove);
    const replaced = step.op === "replace" || undefined;
    for (const [key, entry] of before) {
        if (after.has(key) && !replaced) continue;
        org.removed.push({ username: name(key, entry), role: role(entry.role), resource: step.name, mode, replaced });
    }
    for (const [key, entry] of after) {
        const old = before.get(key);
        if (old && !replaced) {
            if (isUnknown(entry.role))
                into.note(`flat.OrganizationUsers ${step.name}: role of ${key} not known until apply`);
            else if (role(old.role) !== role(entry.role))
                org.roleChanges.push({ who: name(key, entry), from: role(old.role), to: role(entry.role) });
            // The map key is the username, compared without case: a roster never renames an account.
            const fields = PROFILE_FIELDS.filter((f) => f !== "username" && changed(old as Props, entry as Props, f));
            if (fields.length) org.profileUpdates.push({ who: name(key, entry), fields });
            continue;
        }
        const account = { username: name(key, entry), role: role(entry.role), resource: step.name };
        if (step.op === "import") org.imported.push(account);
        else org.created.push({ ...account, adoptExisting: news.adoptExisting !== false });
    }
    if (step.op === "update" && changed(olds, news, "onRemove"))
        org.removalModeChanges.push({
            who: `${step.name} (every account)`,
            from: removalMode(olds.onRemove),
            to: mode,
        });
};

const organizationInvitation: Interpreter = (step, into) => {
    const org = into.flat(step.provider);
    if (step.op === "delete" || step.op === "replace")
        org.invitationsWithdrawn.push({
            email: str(step.olds.email) ?? step.name,
            role: str(step.olds.role) ?? "teacher",
        });
    if (step.op === "create" || step.op === "replace")
        org.invitationsSent.push({
            email: str(step.news.email) ?? step.name,
            role: str(step.news.role) ?? "teacher",
            adoptExisting: step.news.adoptExisting === true || undefined,
        });
};

const ltiReplaceDetail: Record<string, string> = {
    "1p1-manual": "new consumer key and secret: enter them in the LMS",
    "1p3-manual": "new tool endpoints (keyset, login and redirect URLs): enter them in the LMS",
    "1p3-dynamic": "new registration URL: register Flat again in the LMS",
    "1p3-deployment": "a new deployment of the platform",
};

function ltiLabel(p: Props): string {
    const platform = isObject(p.platformInfo) ? str(p.platformInfo.name) : undefined;
    const lms = str(p.lms);
    const named = str(p.name) ?? str(p.platformName) ?? platform ?? str(p.deploymentType) ?? str(p.platformIss);
    return [named, lms && lms !== named ? `(${lms})` : undefined, str(p.mode)].filter(Boolean).join(" ");
}

function lti(kind: "credentials" | "configuration"): Interpreter {
    return (step, into) => {
        const org = into.flat(step.provider);
        const values = step.op === "delete" ? step.olds : step.news;
        const label = `${ltiLabel(values) || step.name} LTI ${kind}`;
        const mode = kind === "credentials" ? "1p1-manual" : (str(values.mode) ?? "");
        const entry = { resource: step.name, label };
        const adopting = str(step.news.adoptConsumerKey) ?? str(step.news.adoptId);
        if (step.op === "create" && adopting)
            org.lti.push({
                ...entry,
                change: "adopted",
                detail: `${adopting} taken over: no new key, the LMS keeps working`,
            });
        else if (step.op === "create") org.lti.push({ ...entry, change: "created", detail: ltiReplaceDetail[mode] });
        else if (step.op === "replace") org.lti.push({ ...entry, change: "replaced", detail: ltiReplaceDetail[mode] });
        else if (step.op === "delete") org.lti.push({ ...entry, change: "deleted", detail: "the LMS loses access" });
        else if (step.op === "update") {
            const fields = Object.keys(step.news).filter(
                (f) => f !== "providerVersion" && f !== "__provider" && changed(step.olds, step.news, f),
            );
            if (fields.length) org.lti.push({ ...entry, change: "updated", detail: fields.join(", ") });
        }
    };
}

/** Renewal is a replacement whose reason is the stored expiry (the credential is due). */
function credential(kind: FlatOrganization["credentials"][number]["kind"]): Interpreter {
    return (step, into) => {
        const user = str(step.news.user) ?? str(step.olds.user) ?? "an account not known until apply";
        const change =
            step.op === "create"
                ? "issued"
                : step.op === "delete"
                  ? "forgotten"
                  : step.op === "update"
                    ? "updated"
                    : step.replaceReasons.length > 0 && step.replaceReasons.every((r) => r === "expirationDate")
                      ? "renewed"
                      : "replaced";
        into.flat(step.provider).credentials.push({ kind, resource: step.name, user, change });
    };
}

export const flatInterpreters: Readonly<Record<string, Interpreter>> = {
    "flat:OrganizationUser": organizationUser,
    "flat:OrganizationUsers": organizationUsers,
    "flat:OrganizationInvitation": organizationInvitation,
    "flat:LtiCredentials": lti("credentials"),
    "flat:LtiConfiguration": lti("configuration"),
    "flat:UserAccessToken": credential("access token"),
    "flat:UserSigninLink": credential("sign-in link"),
};
