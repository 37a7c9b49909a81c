import type { BackerImportField, ColumnMapping } from "./backer-import-types";
import { isAddOnColumn } from "./read-item-column";

/** Header spellings seen in BackerKit, Gamefound, Indiegogo and hand-made sheets, compared without case or punctuation. */
const SYNONYMS: [BackerImportField, string[]][] = [
  ["email", ["email", "emailaddress", "backeremail", "customeremail", "mail", "contactemail"]],
  ["backerNumber", ["backernumber", "backerno", "backer", "number", "no", "pledgenumber", "ordernumber"]],
  ["platformUid", ["backeruid", "backerid", "uid", "id", "customerid", "userid", "pledgeid", "orderid"]],
  ["name", ["backername", "name", "fullname", "customername", "contactname", "customer"]],
  ["pledgeAmount", ["pledgeamount", "amount", "pledgetotal", "total", "totalpaid", "amountpaid", "pledge", "paid", "ordertotal"]],
  ["shippingAmount", ["shippingamount", "shipping", "shippingcost", "shippingfee", "shippingpaid", "shippingcharged"]],
  ["bonusSupport", ["bonussupport", "bonus", "tip", "extrasupport", "extra"]],
  ["pledgedAt", ["pledgedat", "pledgedate", "pledgedon", "backedat", "date", "createdat", "orderdate", "paidat", "timestamp"]],
  ["pledgeStatus", ["pledgedstatus", "pledgestatus", "paymentstatus", "status"]],
  ["rewardTitle", ["rewardtitle", "reward", "rewardname", "pledgelevel", "pledgelevelname", "tier", "tiername", "level", "perk"]],
  ["rewardId", ["rewardid", "tierid", "levelid", "pledgelevelid", "perkid"]],
  ["rewardMinimum", ["rewardminimum", "backingminimum", "rewardprice", "tierprice", "levelprice", "pledgelevelprice"]],
  ["rewardsSent", ["rewardssent", "fulfillmentstatus", "fulfilmentstatus", "fulfilled", "shipped", "sent"]],
  ["country", ["shippingcountrycode", "countrycode", "shippingcountry", "country"]],
  ["shippingCountryName", ["shippingcountryname", "countryname"]],
  ["shippingName", ["shippingname", "recipient", "recipientname", "shiptoname", "shiptoname"]],
  ["shippingAddress1", ["shippingaddress1", "shippingaddressline1", "address1", "addressline1", "address", "street", "streetaddress"]],
  ["shippingAddress2", ["shippingaddress2", "shippingaddressline2", "address2", "addressline2"]],
  ["shippingCity", ["shippingcity", "city", "town"]],
  ["shippingState", ["shippingstate", "state", "province", "region", "stateprovince", "county"]],
  ["shippingPostalCode", ["shippingpostalcode", "postalcode", "zip", "zipcode", "postcode"]],
  ["shippingPhone", ["shippingphonenumber", "shippingphone", "phone", "phonenumber", "telephone", "mobile"]],
  ["shippingDeliveryNotes", ["shippingdeliverynotes", "deliverynotes", "deliveryinstructions"]],
  ["notes", ["notes", "note", "comments", "comment"]],
  ["surveyResponse", ["surveyresponse", "survey", "surveyanswers"]],
];

function compact(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * A first guess at which column is which field, for files from other platforms (BackerKit,
 * Gamefound, a creator's own sheet). Each column is used for at most one field and each field takes
 * the column whose header matches its most specific spelling; `[Addon: …]` columns become item
 * columns. The creator confirms or corrects the guess in the column-mapping step.
 */
export function suggestColumnMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const byCompact = new Map<string, string>();
  for (const header of headers) if (!byCompact.has(compact(header))) byCompact.set(compact(header), header);

  for (const [field, spellings] of SYNONYMS) {
    for (const spelling of spellings) {
      const header = byCompact.get(spelling);
      if (header !== undefined && !used.has(header)) {
        mapping[field] = header;
        used.add(header);
        break;
      }
    }
  }
  const itemColumns = headers.filter((header) => !used.has(header) && isAddOnColumn(header));
  if (itemColumns.length > 0) mapping.itemColumns = itemColumns;
  return mapping;
}
