import { DEFAULT_ENERGY_SETTINGS, type EnergySettings } from "../domain/energy.ts";

// The utilisation thresholds docs/product.md calls settings: a deployment may move them without a code
// change. Read per call (tests and the local runtime set them at run time); a value that is not a
// percentage in (0, 100] falls back to the product's default rather than refusing every reading.
export function energySettings(source: NodeJS.ProcessEnv = process.env): EnergySettings {
  const percent = (name: string, fallback: number) => {
    const v = Number(source[name]);
    return source[name] !== undefined && Number.isFinite(v) && v > 0 && v <= 100 ? v / 100 : fallback;
  };
  return {
    overdrawTolerance: percent("ENERGY_OVERDRAW_TOLERANCE_PERCENT", DEFAULT_ENERGY_SETTINGS.overdrawTolerance),
    underuseLoadFactor: percent("ENERGY_UNDERUSE_LOAD_FACTOR_PERCENT", DEFAULT_ENERGY_SETTINGS.underuseLoadFactor),
  };
}
