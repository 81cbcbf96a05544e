import { Liquidated } from "../../generated/Perpetual/Perpetual";
import { recordLiquidation } from "../entities/liquidation";

export function handleLiquidated(event: Liquidated): void {
  recordLiquidation(event);
}
