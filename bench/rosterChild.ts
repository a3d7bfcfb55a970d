// The first up of the interrupted quota run, in its own process so that it can be killed part way
// (bench/roster.ts kills it with SIGKILL): its mock engine and provider die with it, reporting nothing.
import { MockEngine } from "../tests/support/mockEngine";
import { secret } from "../tests/support/secrets";
import { rosterProgram, students } from "./roster";

const { n, flatUrl, flatToken } = JSON.parse(process.env.BENCH_CHILD ?? "{}") as {
    n: number;
    flatUrl: string;
    flatToken: string;
};
const engine = new MockEngine({
    project: "district-bench",
    config: {
        "flat:accessToken": secret(flatToken),
        "flat:baseUrl": flatUrl,
        initialPassword: secret("bench-initial-pass"),
    },
});
engine.up(rosterProgram(students(n), [])).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
});
