// The staff roster with EduBase user codes, as an SIS sync would keep them. To look a code up by
// email or username once, use `edubase.findUser({ query })` (see README.md).
export interface Teacher {
    /** Resource-name handle, stable across runs. */
    handle: string;
    /** EduBase user code. */
    user: string;
    subjects: ("math" | "physics")[];
}

export const teachers: Teacher[] = [
    { handle: "nagy", user: "U_NAGY", subjects: ["math"] },
    { handle: "kovacs", user: "U_KOVACS", subjects: ["physics"] },
    { handle: "szabo", user: "U_SZABO", subjects: ["math", "physics"] },
];

/** The head of science belongs to the "Heads" department of both organizations. */
export const headOfScience = "U_TOTH";

/** The IT administrator, admin of both organizations. */
export const itAdmin = "U_IT";

/** Grade 9 students: U_S9_01 … U_S9_24. */
export const grade9: string[] = Array.from({ length: 24 }, (_, i) => `U_S9_${String(i + 1).padStart(2, "0")}`);
