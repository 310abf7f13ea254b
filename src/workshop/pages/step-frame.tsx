import type { Child } from "hono/jsx";
import { CsrfField } from "./layout.js";

/** One step's frame: its number and title, the plain-words explanation, what happened, and what comes next. */
export function Step(p: { n: number; title: string; done: boolean; explain: string; children?: Child }) {
  return (
    <section class={p.done ? "step" : "step pending"} id={`step-${p.n}`} aria-labelledby={`step-${p.n}-title`}>
      <h2 id={`step-${p.n}-title`}>{`${p.n}. ${p.title}`}</h2>
      <p class="explain">{p.explain}</p>
      {p.children}
    </section>
  );
}

/** The button that runs the next step (a form post, so it works without script and carries the CSRF token). */
export function Next(p: { action: string; label: string; csrf: string; secondary?: boolean }) {
  return (
    <form method="post" action={p.action} class="inline">
      <CsrfField token={p.csrf} />
      <button type="submit" class={p.secondary ? "secondary" : ""}>
        {p.label}
      </button>
    </form>
  );
}
