/**
 * The two readings of adding liquidity to and removing it from a pool position. No IRS ruling covers them
 * (Notice 2024-57 only delays broker reporting of liquidity provision) and products differ; see tax/README.md
 * for the default and its sources.
 *
 * - "disposal" (reading 1): entering is an exchange of the tokens for the position (a distinct property, the
 *   Uniswap v3 position NFT): each token is disposed of at fair market value and the position acquired at
 *   that value; leaving is the position disposed of for the tokens received, each acquired at fair market
 *   value.
 * - "carryover" (reading 2): the tokens move into the position with their basis and holding period (a
 *   transfer); on removal whatever came back of each token up to what went in moves back the same way, and
 *   the change in the token mix is an exchange at fair market value: the token the pool paid out less of is
 *   disposed of for the surplus of the other, which is acquired at fair market value; a surplus without a
 *   shortfall on the other side is fees collected with the removal (ordinary income).
 */
export type LpReading = "disposal" | "carryover";

export const LP_READINGS: readonly LpReading[] = ["disposal", "carryover"];

/** The default reading (tax/README.md, "Liquidity positions", gives the reasons and sources). */
export const DEFAULT_LP_READING: LpReading = "disposal";

/** One sentence per reading, for the reports. */
export const LP_READING_DESCRIPTIONS: Record<LpReading, string> = {
  disposal:
    "Liquidity positions, reading 1 (disposal): adding liquidity disposes of the tokens at fair market value for the position, removing it disposes of the position for the tokens received at fair market value; collected fees are ordinary income at fair market value when collected.",
  carryover:
    "Liquidity positions, reading 2 (carryover): tokens moved into a position keep their basis and holding period; on removal the change in the token mix is an exchange at fair market value (the shortfall disposed of for the surplus received) and a surplus without a shortfall is fee income; collected fees are ordinary income at fair market value when collected.",
};

export function parseLpReading(text: string | undefined): LpReading {
  if (text === undefined) return DEFAULT_LP_READING;
  const t = text.toLowerCase();
  if (!(LP_READINGS as readonly string[]).includes(t)) throw new Error(`not one of ${LP_READINGS.join(", ")}`);
  return t as LpReading;
}
