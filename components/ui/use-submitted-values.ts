"use client";

import { useCallback, useState, type FormEvent } from "react";

/**
 * Keeps what the person typed when a form action fails. React resets a form after its action
 * runs; the reset restores each control's `defaultValue`, so feeding the submitted values back in
 * as defaults makes the fields survive the round trip:
 *
 *   const [values, rememberValues] = useSubmittedValues();
 *   <form action={formAction} onSubmit={rememberValues}>
 *     <Input name="name" defaultValue={values.name} />
 */
export function useSubmittedValues(): [Record<string, string>, (event: FormEvent<HTMLFormElement>) => void] {
  const [values, setValues] = useState<Record<string, string>>({});
  const remember = useCallback((event: FormEvent<HTMLFormElement>) => {
    const submitted: Record<string, string> = {};
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string") submitted[name] = value;
    }
    setValues(submitted);
  }, []);
  return [values, remember];
}
