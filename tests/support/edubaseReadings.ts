// The readings of what EduBase's documentation leaves open (the emulator's `readings`) that every
// EduBase test runs under, so that no change can come to rest on one guess without a test failing.
import { defaultReadings, EdubaseReadings } from "../../emulator/edubase";

export interface ReadingsCase {
    readonly name: string;
    readonly readings: EdubaseReadings;
}

/** Each write reading that is not today's, named for what EduBase does under it. */
const WRITE_READINGS: readonly [string, Partial<EdubaseReadings>][] = [
    ["today's readings", {}],
    ["a department kept over explicit levels", { explicitLevelsOnDepartment: "keep" }],
    ["unknown codes skipped", { unknownCodeInList: "skip" }],
    ["a non-member's removal refused", { removeNonMember: "refuse" }],
];

/**
 * Today's readings, then each write reading's other value one at a time, each under both list shapes:
 * 8 cases rather than all 16. The three write readings decide three separate situations (explicit
 * levels sent for a department member, a list naming an unknown code, the removal of a non-member),
 * and the provider answers each from the member list it reads back after the write, so a pair of them
 * takes no path that each alone does not. The list shape changes every read answer, whatever the write
 * did, so it is crossed with each.
 */
export const EDUBASE_READINGS: readonly ReadingsCase[] = WRITE_READINGS.flatMap(([name, given]) =>
    (["current", "legacy"] as const).map((listShape) => ({
        name: `${name}, ${listShape} lists`,
        readings: { ...defaultReadings, ...given, listShape },
    })),
);

/** `describe.each` over EDUBASE_READINGS: `body` registers the tests of one case. */
export function describeEachReading(body: (readings: EdubaseReadings) => void): void {
    describe.each(EDUBASE_READINGS)("under $name", ({ readings }) => body(readings));
}
