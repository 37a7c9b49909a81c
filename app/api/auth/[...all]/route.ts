import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { withSingleForwardedFor } from "@/lib/auth/client-ip";

export const { GET, POST } = toNextJsHandler((request: Request) => auth.handler(withSingleForwardedFor(request)));
