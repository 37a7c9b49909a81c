import { reportExportScenario } from "./report-export";

export default reportExportScenario("xlsx");
