import type { Check } from "./check.js";

const CHECK_ID = /^[A-Z]{2,3}-\d{3}$/;

/** Declares a check; refuses an id that does not match `^[A-Z]{2,3}-\d{3}$`, or an empty title, ref or fix. */
export function defineCheck(check: Check): Check {
  if (!CHECK_ID.test(check.id)) {
    throw new Error(`Check id ${JSON.stringify(check.id)} must match ^[A-Z]{2,3}-\\d{3}$.`);
  }
  if (check.ref.trim() === "" || check.title.trim() === "" || check.fix.trim() === "") {
    throw new Error(`Check ${check.id} needs a title, a ref and a fix.`);
  }
  return check;
}
