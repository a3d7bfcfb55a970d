/**
 * Roster readers: a student information system's export turned into entries for
 * `flat.OrganizationUsers` (and usernames or emails for EduBase sets). They run in the program, read
 * the whole file before anything is sent and report every bad row at once.
 */
export { readCsv } from "./readCsv";
export type { ReadCsvOptions, RosterField } from "./readCsv";
export { readOneRoster, defaultRoleMapping, oneRosterRoles } from "./readOneRoster";
export type { ReadOneRosterOptions } from "./readOneRoster";
export { readMemberships } from "./readMemberships";
export type { MembershipSet } from "./readMemberships";
export { RosterError, MAX_USERNAME_LENGTH } from "./entries";
export type { BadRow, RosterEntry } from "./entries";
