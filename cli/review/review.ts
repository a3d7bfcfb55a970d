/**
 * `edu-org review` without the command line: a preview document's text in; the review, its rendered
 * output and the exit status out (0 within limits, 1 when a limit is crossed). A document that is not
 * a preview throws `PreviewDocumentError` (the command's exit status 2).
 */
import { totals } from "./changes";
import { checkLimits, Limits } from "./limits";
import { parsePreviewDocument } from "./previewDocument";
import { Format, render, Review } from "./render";
import { redactDeep, SecretRedactor } from "./secrets";
import { summarize } from "./summarize";

export interface ReviewResult {
    readonly review: Review;
    readonly output: string;
    readonly exitCode: 0 | 1;
}

export function reviewPreview(text: string, source: string, limits: Limits, format: Format): ReviewResult {
    const doc = parsePreviewDocument(text, source);
    const redactor = SecretRedactor.forDocument(doc);
    const summary = redactDeep(summarize(doc, redactor), redactor);
    const t = totals(summary);
    const checks = checkLimits(summary, t, limits);
    const review: Review = {
        stack: stackOf(doc.steps?.[0]?.urn),
        summary,
        totals: t,
        limits: checks,
        withinLimits: checks.every((c) => !c.crossed),
    };
    // Masked once more as a whole: nothing the document held under a secret name leaves the process.
    return { review, output: redactor.redact(render(review, format)), exitCode: review.withinLimits ? 0 : 1 };
}

/** `urn:pulumi:<stack>::<project>::…` → `<project>/<stack>` */
function stackOf(urn: string | undefined): string | undefined {
    const match = urn && /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
    return match ? `${match[2]}/${match[1]}` : undefined;
}
