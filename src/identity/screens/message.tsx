import type { Child } from "hono/jsx";
import { Layout } from "./layout.js";

/**
 * A page that ends or pauses the flow: an error SuperID shows itself (red), or a note to the user such as
 * "You are signed out" (`tone: "info"`, not dressed as an error).
 */
export function MessagePage(props: { title: string; message: string; step?: number; explain?: string; tone?: "error" | "info"; children?: Child }) {
  return (
    <Layout title={props.title} step={props.step} explain={props.explain}>
      <p class={props.tone === "info" ? "info" : "error"}>{props.message}</p>
      {props.children}
    </Layout>
  );
}
