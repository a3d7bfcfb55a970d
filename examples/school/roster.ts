// The school's roster, as an SIS export would give it. In a real program this could be read from a CSV.
export interface Person {
    username: string;
    firstname: string;
    lastname: string;
    email: string;
    /** Organization role; students default to `user`. */
    role?: "user" | "teacher" | "admin";
}

export const teachers: Person[] = [
    { username: "mrivera", firstname: "Maria", lastname: "Rivera", email: "m.rivera@school.example" },
    { username: "jchen", firstname: "James", lastname: "Chen", email: "j.chen@school.example" },
];

const firstnames = ["Ava", "Liam", "Noah", "Emma", "Mia", "Lucas", "Zoe", "Ethan", "Nora", "Leo"];
const lastnames = ["Garcia", "Smith", "Nguyen"];

/** Thirty students of grade 9: s9-01 … s9-30. */
export const students: Person[] = Array.from({ length: 30 }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    const firstname = firstnames[i % firstnames.length];
    const lastname = lastnames[Math.floor(i / firstnames.length)];
    return { username: `s9-${n}`, firstname, lastname, email: `s9-${n}@students.school.example` };
});
