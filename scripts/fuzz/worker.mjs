// Node 20 does not load a worker's .ts entry through the main thread's --import: register tsx here.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
