// The 409 of a dataset create whose slug is taken, from the repository's error; on the main thread and in upload workers.
import { SlugTakenError } from "../../storage/datasets.ts";
import { ApiError } from "../shared/problems.ts";

/** The API's answer to `error` if it is a SlugTakenError; anything else is thrown on. */
export function asSlugTaken(error: unknown): ApiError {
  if (!(error instanceof SlugTakenError)) throw error;
  return new ApiError("slug_taken", `A dataset with the slug ${error.slug} exists already`, [
    {
      pointer: "/slug",
      message: `"${error.slug}" is taken in this organisation or the shared catalogue`,
    },
  ]);
}

/** Runs a dataset write, turning a taken slug into the API's 409. */
export async function mapSlugTaken<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asSlugTaken(error);
  }
}
