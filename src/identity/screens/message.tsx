import type { Child } from "hono/jsx";
import { Layout } from "./layout.js";

/** A page that ends or pauses the flow: an error SuperID shows itself, or a note to the user. */
export function MessagePage(props: { title: string; message: string; step?: number; explain?: string; children?: Child }) {
  return (
    <Layout title={props.title} step={props.step} explain={props.explain}>
      <p class="error">{props.message}</p>
      {props.children}
    </Layout>
  );
}
