/** The screens answered over plain HTTP: the emulator's own implementation, which admin.signIn() uses too. */
export { CookieJar, runAuthorize, type Answers, type FlowEnd } from "../../src/portal/sign-in-flow.js";
