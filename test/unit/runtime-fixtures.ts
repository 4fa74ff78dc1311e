import { expect } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { createEnv } from "../../src/runtime/environment.js";
import { applyOverrides, type OverrideValue } from "../../src/runtime/overrides.js";
import type { TravelSimulator } from "../../src/runtime/gyms/travel/simulator.js";
import type { Env, StepResult } from "../../src/runtime/types.js";

/** Shared fixtures of the runtime tests (not a test file itself). */

/** A copy of scenarios/travel/austin_family.ubench, frozen here so the tests do not move with the corpus. */
export const AUSTIN = `scenario austin_family {
  gym travel
  title "Family week in Austin"
  context "A parent of two plans a trip to Austin, Nov 10-15, apartment plus rental car."
  opening """
    I'm planning a family trip to Austin from November 10th to 15th with my partner and our two kids.
    We'll stay in an apartment and rent a car. Money is tight, so pick the cheapest option that works.
  """ | """
    Family of four, Austin, Nov 10 to 15: we need an apartment and a car. The cheapest thing that suits us, please.
  """
  choose lowest cost

  aspect apartment {
    prefix A
    aka "flat", "place to stay", "accommodation"
    fields {
      name: string
      rooms: string aka "bedrooms", "layout"
      capacity: number aka "sleeps", "guests"
      cost: number aka "price", "total"
      rating: number aka "reviews", "rated", "score"
      amenities: list<string> aka "facilities", "features"
    }
    search { city: "Austin", check_in: "2025-11-10", check_out: "2025-11-15", guests: 4 }

    prefer washer {
      about "laundry"
      when amenities has "washer"
      says "An in-unit washer."
      hints "Two kids, five days, and I refuse to spend an evening at a laundromat again."
          | "My youngest goes through three outfits a day. I need to be able to do a load at night."
      cues "laundry", "washing machine", "clothes"
    }
    prefer rated {
      about "quality"
      when rating >= 8.5
      says "A guest rating of at least 8.5."
      hints "The last place looked nothing like its photos. Now I read what everyone who stayed before me wrote."
      cues "reviews", "guests say"
    }

    option A1 { name: "Rainey Lofts", rooms: "3B2B", capacity: 6, cost: 1240, rating: 8.9, amenities: ["washer", "wifi"] }
    option A2 { name: "Zilker Cottage", rooms: "2B1B", capacity: 4, cost: 980, rating: 9.1, amenities: ["wifi"] }
    option A3 { name: "East Side Flat", rooms: "2B2B", capacity: 4, cost: 1010, rating: 8.0, amenities: ["washer"] }
    option A4 { name: "Mueller Townhouse", rooms: "3B2B", capacity: 6, cost: 1150, rating: 8.7, amenities: ["washer", "parking"] }
    option A5 { name: "Barton Hills Suite", rooms: "2B1B", capacity: 4, cost: 890, rating: 7.4, amenities: ["pool"] }
    option A6 { name: "Hyde Park Bungalow", rooms: "2B1B", capacity: 5, cost: 1320, rating: 9.3, amenities: ["washer", "garden"] }
  }

  aspect rental_car {
    prefix C
    aka "car", "vehicle", "rental"
    fields {
      name: string
      seats: number aka "seat", "passengers"
      cost: number aka "price"
      transmission: string aka "gearbox", "manual", "automatic"
      features: list<string> aka "extras"
    }
    search { city: "Austin", pick_up: "2025-11-10", drop_off: "2025-11-15" }

    prefer child_seats {
      about "safety"
      when features has "child seat"
      says "Child seats included."
      hints "The little one is four, and I am not wrestling with a borrowed booster again."
      cues "booster", "kids in the back"
    }
    prefer automatic {
      about "driving"
      when transmission == "automatic"
      says "An automatic transmission."
      hints "I never learned to work a clutch, and I'm not starting on Texas highways."
      cues "clutch", "stick"
    }

    option C1 { name: "Compact Sedan", seats: 5, cost: 310, transmission: "automatic", features: ["child seat"] }
    option C2 { name: "Economy Hatch", seats: 5, cost: 240, transmission: "manual", features: ["child seat"] }
    option C3 { name: "Family SUV", seats: 7, cost: 420, transmission: "automatic", features: ["child seat", "roof rack"] }
    option C4 { name: "Midsize Sedan", seats: 5, cost: 280, transmission: "automatic", features: ["gps"] }
    option C6 { name: "City Car", seats: 4, cost: 199, transmission: "manual", features: [] }
  }

  rewards { search 0.2, elicit 0.2, best 1.0, correct 0.8, wrong 0 }
  knobs { max_turns 20 }
}
`;

export function compileTravel(text: string = AUSTIN): TravelScenario {
  const result = compileText(text, "fixture.ubench");
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.scenarios[0]!.ir as TravelScenario;
}

let austin: TravelScenario | undefined;
export function austinScenario(overrides: Record<string, OverrideValue> = {}): TravelScenario {
  austin ??= compileTravel();
  return applyOverrides(austin, overrides);
}

export const SEARCH_APARTMENT = "[search] apartment in Austin, 2025-11-10 to 2025-11-15, 4 guests";
export const SEARCH_CAR = "[search] rental car in Austin from 2025-11-10 to 2025-11-15";

export async function austinEnv(overrides: Record<string, OverrideValue> = {}, simulator?: TravelSimulator, seed = 1): Promise<{ env: Env; scenario: TravelScenario }> {
  const scenario = austinScenario(overrides);
  const env = createEnv(scenario, simulator ? { simulator } : {});
  await env.reset({ seed });
  return { env, scenario };
}

export async function steps(env: Env, actions: readonly string[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const action of actions) results.push(await env.step(action));
  return results;
}
