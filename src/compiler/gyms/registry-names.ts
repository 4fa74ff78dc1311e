/** Gym names, kept apart from the registry so checks can list them without import cycles. */
export const gymNames = ["travel", "persuade", "intention"] as const;
