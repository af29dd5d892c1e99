"""Seed the scale harness's database: the synthetic demo partnership plus one test account per load user,
each with a known password and a TOTP secret written to the harness's run folder (so the load script signs
in through the real MFA step, computing the codes), and complete draft referrals for them to submit.

Only for `make scale-smoke` / `make scale-faults`: it refuses to run unless the harness started it (its run
folder holds the token it was given) against a loopback database whose name starts with `sr_scale`. It is
not a management command, so it is never available to a deployed service's `manage.py`.

Usage (the harness runs it): python ops/scale/seed.py USERS
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _refuse_outside_harness() -> Path:
    run_dir = Path(os.environ.get("SR_SCALE_RUN_DIR", ""))
    token = os.environ.get("SR_SCALE_TOKEN", "")
    marker = run_dir / "harness.token"
    if not token or not marker.is_file() or marker.read_text().strip() != token:
        sys.exit("seed.py runs only inside the scale harness (ops/scale/harness.sh).")
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.hostname not in ("127.0.0.1", "localhost", "::1") or not url.path.lstrip("/").startswith(
        "sr_scale"
    ):
        sys.exit("seed.py only seeds a loopback database named sr_scale*.")
    return run_dir


def main() -> None:
    run_dir = _refuse_outside_harness()
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case
    from safeguarding_reviews.demo.partnership import NORTHBRIDGE, seed_demo
    from safeguarding_reviews.demo.referrals import referral_demo_draft
    from safeguarding_reviews.organisations.models import Agency, Membership, MembershipRole, Partnership
    from safeguarding_reviews.organisations.roles import Role

    seed_demo()
    northbridge = Partnership.objects.get(slug=NORTHBRIDGE)
    hospital = Agency.objects.get(partnership=northbridge, name="Northbridge General Hospital NHS Trust")
    accounts = []
    for number in range(1, users + 1):
        email = f"scale.user{number}@scale.example"
        password = secrets.token_urlsafe(18)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, full_name=f"Scale Tester {number}")
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            user=user, partnership=northbridge, ended_at=None, defaults={"job_title": "Load tester"}
        )
        MembershipRole.objects.get_or_create(
            membership=membership, role=Role.BUSINESS_UNIT_OFFICER, agency=None
        )
        MembershipRole.objects.get_or_create(
            membership=membership, role=Role.AGENCY_REPRESENTATIVE, agency=hospital
        )
        secret = generate_totp_secret()
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
        accounts.append({"email": email, "password": password, "totp_secret": secret, "user_id": user.pk})
    cases = [
        str(pk)
        for pk in Case.objects.filter(lead_partnership=northbridge, is_restricted=False)
        .order_by("created_at")
        .values_list("pk", flat=True)
    ]
    from safeguarding_reviews.outcomes.models import RapidReviewOutcome

    report_cases = [
        str(pk)
        for pk in RapidReviewOutcome.objects.filter(case_id__in=cases).values_list("case_id", flat=True)
    ]
    payload = {"accounts": accounts, "cases": cases, "report_cases": report_cases, "referrals": {}}
    # Each account gets draft referrals, every section answered, for the load script to submit through
    # the check page.
    per_user = int(os.environ.get("SR_SCALE_REFERRALS_PER_USER", "6"))
    for account in accounts:
        user = User.objects.get(pk=account["user_id"])
        drafts = [str(referral_demo_draft(rep=user, agency=hospital).pk) for _ in range(per_user)]
        payload["referrals"][account["email"]] = drafts
    (run_dir / "accounts.json").write_text(json.dumps(payload, indent=1))
    print(
        f"seeded {len(accounts)} accounts, {len(cases)} cases, "
        f"{sum(len(v) for v in payload['referrals'].values())} draft referrals"
    )


if __name__ == "__main__":
    main()
