// `npm run instance -- <command>`: the operator's controls over who may create projects and how
// much mail a project may send. Whoever has the database's URL is above the in-app admin check.
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getInstanceSettings } from "./get-instance-settings";
import { EmailAllowanceSchema, InstanceSettingsSchema } from "./instance-settings-schema";

const USAGE = `Usage: npm run instance -- <command>
  show                                   who may create projects, and the instance admins
  policy everyone|allowlist|invited      who may create projects (admins always may)
  invite <email or domain>...            add to the list (in "invited" mode only exact addresses count)
  uninvite <email or domain>...          remove from the list
  admin <email>                          make an account an instance admin
  allowance <project id> <emails|none>   emails the project may queue per 24 hours ("none": no limit)`;

async function save(update: (settings: { projectCreation: string; creatorAllowlist: string[] }) => { projectCreation: string; creatorAllowlist: string[] }) {
  const next = InstanceSettingsSchema.parse(update(await getInstanceSettings(prisma)));
  const list = [...new Set(next.creatorAllowlist)];
  await prisma.instanceSetting.upsert({
    where: { id: 1 },
    create: { id: 1, projectCreation: next.projectCreation, creatorAllowlist: list },
    update: { projectCreation: next.projectCreation, creatorAllowlist: list },
  });
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case "show": {
      const settings = await getInstanceSettings(prisma);
      const admins = await prisma.$queryRaw<{ email: string }[]>`
        SELECT email FROM "user" WHERE is_instance_admin
           OR id = (SELECT id FROM "user" ORDER BY created_at, id LIMIT 1) ORDER BY email`;
      console.log(`Who may create projects: ${settings.projectCreation.toLowerCase()}`);
      console.log(`List: ${settings.creatorAllowlist.join(", ") || "(empty)"}`);
      console.log(`Instance admins: ${admins.map((a) => a.email).join(", ") || "(no account yet: the first to sign in)"}`);
      return;
    }
    case "policy":
      return save((s) => ({ ...s, projectCreation: (rest[0] ?? "").toUpperCase() }));
    case "invite":
      return save((s) => ({ ...s, creatorAllowlist: [...s.creatorAllowlist, ...rest] }));
    case "uninvite": {
      const removed = new Set(rest.map((entry) => entry.trim().toLowerCase()));
      return save((s) => ({ ...s, creatorAllowlist: s.creatorAllowlist.filter((entry) => !removed.has(entry)) }));
    }
    case "admin": {
      const updated = await prisma.user.updateMany({ where: { email: (rest[0] ?? "").trim().toLowerCase() }, data: { isInstanceAdmin: true } });
      if (updated.count === 0) throw new Error(`No account has the address ${rest[0]}; they must sign in once first.`);
      return;
    }
    case "allowance": {
      const [projectId, raw] = rest;
      const allowance = EmailAllowanceSchema.parse(raw === "none" ? null : Number(raw));
      const updated = await prisma.project.updateMany({ where: { id: projectId }, data: { dailyEmailAllowance: allowance } });
      if (updated.count === 0) throw new Error(`No project has the id ${projectId}.`);
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 1;
  }
}

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at the app's Postgres (see the Configuration section of README.md).");
  process.exit(1);
}
main(process.argv.slice(2))
  .then(() => console.log(process.exitCode ? "" : "Done."))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => void prisma.$disconnect());
