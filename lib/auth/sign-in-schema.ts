import { z } from "zod";
import { safeReturnPath } from "./safe-return-path";

/** The sign-in form: an email address, and where to go afterwards. */
export const SignInSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .toLowerCase()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address, such as you@example.com.")),
  next: z
    .string()
    .optional()
    .transform((value) => safeReturnPath(value) ?? undefined),
});

export type SignInInput = z.output<typeof SignInSchema>;
