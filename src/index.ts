/** sod-emulator as a library: start it in-process from a test suite or a script. */
export { runEmulator, type RunningEmulator } from "./emulator.js";
export { loadConfig, type EmulatorConfig } from "./config/load-config.js";
export type { EmulatorInfo } from "./emulator-info.js";
export { startEmulator, type StartEmulatorOptions, type StartedEmulator } from "./start-emulator.js";
export { adminClient, type AdminClient, type SignInOptions, type TokenResponse } from "./admin/client.js";
