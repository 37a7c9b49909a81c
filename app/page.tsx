import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { FilterIcon, GiftIcon, KeyIcon, UsersIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listProjectsForUser } from "@/lib/projects/list-projects-for-user";

const features = [
  {
    icon: UsersIcon,
    title: "Backer report",
    text: "Every backer, pledge level and payment status, filterable at 250,000 backers.",
  },
  { icon: KeyIcon, title: "Digital rewards", text: "Upload a bank of codes; each backer gets exactly one, never two." },
  {
    icon: FilterIcon,
    title: "Segments",
    text: "Early birds, returning backers, failed payments: live counts as you build.",
  },
  {
    icon: GiftIcon,
    title: "Incentives",
    text: "Give credit or a free item to a segment, once per pledge, with an undo.",
  },
];

export default async function HomePage() {
  const user = await getCurrentUser();
  if (user) {
    const projects = await listProjectsForUser(user.id);
    if (projects.length > 0) redirect("/projects");
    return <SignedInWelcome email={user.email} />;
  }

  return (
    <div className="py-6 sm:py-12">
      <section className="max-w-2xl">
        <p className="text-sm font-semibold text-indigo-600">Open-source pledge manager</p>
        <h1 className="mt-2 text-3xl font-bold tracking-tight text-balance text-slate-900 sm:text-4xl">
          Pledgehouse: from “funded” to every reward delivered
        </h1>
        <p className="mt-4 text-base text-slate-600">
          Bring your backers over from Kickstarter or BackerKit, send tracking numbers and digital rewards, and reward
          the people who got you there. Backers sign in with the email they pledged with to see their pledge.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <LinkButton href="/sign-in">Sign in</LinkButton>
          <LinkButton href="/sign-in" variant="secondary">
            I’m a backer
          </LinkButton>
        </div>
        <p className="mt-3 text-sm text-slate-500">No password: we email you a one-time sign-in link.</p>
      </section>
      <ul className="mt-12 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {features.map(({ icon: Icon, title, text }) => (
          <Card as="li" key={title}>
            <Icon className="size-6 text-indigo-600" />
            <h2 className="mt-3 text-sm font-semibold text-slate-900">{title}</h2>
            <p className="mt-1 text-sm text-slate-600">{text}</p>
          </Card>
        ))}
      </ul>
    </div>
  );
}

function SignedInWelcome({ email }: { email: string }) {
  return (
    <div className="mx-auto max-w-xl py-10">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Welcome to Pledgehouse</h1>
      <p className="mt-2 text-sm text-slate-600">You are signed in as {email}. What would you like to do?</p>
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        <Card>
          <h2 className="text-sm font-semibold text-slate-900">See what you backed</h2>
          <p className="mt-1 text-sm text-slate-600">Pledges made with {email}, their status and rewards.</p>
          <LinkButton href="/pledges" className="mt-4">
            Your pledges
          </LinkButton>
        </Card>
        <Card>
          <h2 className="text-sm font-semibold text-slate-900">Run a campaign’s fulfilment</h2>
          <p className="mt-1 text-sm text-slate-600">Create a project, then import your backer report.</p>
          <LinkButton href="/projects/new" variant="secondary" className="mt-4">
            Create a project
          </LinkButton>
        </Card>
      </div>
    </div>
  );
}
