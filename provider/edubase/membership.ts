/**
 * What the three EduBase membership resources share: the department-or-permissions inputs, their
 * validation, how they become a write, and how a live membership is compared with them.
 */
import { checkInputs, Rules } from "../core/check";
import { input, InputsOf } from "../core/fields";
import { CheckFailure, CheckResult, isUnknown, Props } from "../core/dynamic";
import {
    MembershipSettings,
    PermissionContent,
    permissionContentLevels,
    PermissionOrganization,
    permissionOrganizationLevels,
} from "./client";

/** The membership fields every EduBase membership resource takes. */
export const membershipFields = {
    /**
     * Department of the organization (of each listed organization, where it must exist). The
     * department's own permission levels apply: they are read back into `permissionOrganization` /
     * `permissionContent` and not compared. Not allowed together with those two.
     */
    department: input<string>().optional({ type: "string", minLength: 1, maxLength: 255 }),
    /**
     * Role in the organization: `member` (the default without a department), `teacher`, `reporter`,
     * `supervisor` or `admin`. Not allowed together with `department`.
     */
    permissionOrganization: input<PermissionOrganization>().optional({
        type: "string",
        enum: permissionOrganizationLevels,
    }),
    /**
     * Rights over the organization's contents: `none` (the default without a department), `view`,
     * `report`, `control`, `modify`, `grant` or `admin`. Not allowed together with `department`.
     */
    permissionContent: input<PermissionContent>().optional({ type: "string", enum: permissionContentLevels }),
    /**
     * Ask EduBase to notify users when they are added to an organization. Sent when a membership is created, never
     * compared.
     */
    notify: input<boolean>().optional({ type: "boolean" }),
};

/** The membership inputs after `check`. */
export type MembershipInputs = InputsOf<typeof membershipFields>;

/** An identification string: opaque, but never empty and never with a comma (lists are comma-separated). */
export const codeRule = { type: "string", required: true, minLength: 1 } as const;
export const codeListRule = { type: "string[]", required: true, minItems: 1, minLength: 1 } as const;

/**
 * `checkInputs` plus the rules no table can express: codes without commas or slashes, and a
 * department XOR explicit permissions (defaults `member`/`none` only without a department).
 */
export function checkMembership<I extends MembershipInputs>(
    news: Props,
    rules: Rules,
    codeFields: readonly string[],
): CheckResult<I> {
    const { inputs, failures } = checkInputs<I>(news, rules);
    for (const field of codeFields) failures.push(...codeFailures(field, (inputs as Props)[field]));
    const explicit = ["permissionOrganization", "permissionContent"].filter((k) => (inputs as Props)[k] !== undefined);
    if (inputs.department !== undefined && explicit.length) {
        failures.push({
            property: "department",
            reason:
                `department and ${explicit.join("/")} cannot be set together: EduBase takes either a ` +
                `department, which carries its own permission levels, or explicit permission levels ` +
                `(permissionOrganization: ${permissionOrganizationLevels.join(", ")}; permissionContent: ` +
                `${permissionContentLevels.join(", ")}). Remove department or the permission inputs`,
        });
    }
    if (inputs.department === undefined) {
        inputs.permissionOrganization ??= "member";
        inputs.permissionContent ??= "none";
    }
    return { inputs, failures };
}

function codeFailures(property: string, value: unknown): CheckFailure[] {
    const codes: unknown[] = Array.isArray(value) ? value : [value];
    const bad = codes.find((c) => typeof c === "string" && !isUnknown(c) && /[,/\s]/.test(c));
    return bad === undefined
        ? []
        : [
              {
                  property,
                  reason:
                      `${property} must be EduBase identification strings without commas, slashes or spaces; ` +
                      `got ${JSON.stringify(bad)}`,
              },
          ];
}

/** The write that sets the declared membership. */
export function settingsOf(inputs: MembershipInputs): MembershipSettings {
    return inputs.department !== undefined
        ? { department: inputs.department }
        : {
              permissionOrganization: inputs.permissionOrganization ?? "member",
              permissionContent: inputs.permissionContent ?? "none",
          };
}

/** Whether the declared settings differ (notify is never compared). */
export function settingsChanged(olds: MembershipInputs, news: MembershipInputs): boolean {
    if (isUnknown(news.department) || isUnknown(news.permissionOrganization) || isUnknown(news.permissionContent))
        return true;
    if (news.department !== undefined || olds.department !== undefined) return news.department !== olds.department;
    return (
        news.permissionOrganization !== olds.permissionOrganization || news.permissionContent !== olds.permissionContent
    );
}

/** A live membership as the lists return it. */
export interface LiveMembership {
    readonly department: string | null;
    readonly permissionOrganization: string;
    readonly permissionContent: string;
}

/** Whether a live membership is what the inputs declare: with a department, its levels are the department's. */
export function matches(live: LiveMembership | undefined, wanted: MembershipInputs): boolean {
    if (!live) return false;
    if (wanted.department !== undefined) return live.department === wanted.department;
    return (
        live.department === null &&
        live.permissionOrganization === wanted.permissionOrganization &&
        live.permissionContent === wanted.permissionContent
    );
}

/** The declared settings of a live membership, as inputs (what `read` reports). */
export function inputsOf(live: LiveMembership): MembershipInputs {
    return live.department !== null
        ? { department: live.department }
        : {
              permissionOrganization: live.permissionOrganization as PermissionOrganization,
              permissionContent: live.permissionContent as PermissionContent,
          };
}

/** Set difference, order kept. */
export function minus(a: readonly string[], b: readonly string[]): string[] {
    const drop = new Set(b);
    return a.filter((x) => !drop.has(x));
}

/** Equal as sets: a reordered list is no change. */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    if (!a || !b) return a === b;
    return a.length === b.length && minus(a, b).length === 0 && minus(b, a).length === 0;
}
