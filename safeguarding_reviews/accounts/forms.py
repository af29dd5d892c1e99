"""allauth forms with GOV.UK labels and hints (ACCOUNT_FORMS / MFA_FORMS in settings).

The fields and their validation are allauth's; only the wording, and two hooks, are ours:
the password reset request records an audit event for addresses that belong to an account
(the page answers the same either way), and codes get the inputmode a phone keypad needs.
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as totp_forms

from . import services


def _relabel(field: Any, label: str, help_text: str = "", **attrs: str) -> None:
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(attrs)


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["login"], "Email address", autocomplete="email")
        _relabel(self.fields["password"], "Password", autocomplete="current-password")


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self.fields["email"],
            "Email address",
            "The address you use to sign in. If it belongs to an account, we will email a link.",
            autocomplete="email",
        )

    def save(self, request: Any, **kwargs: Any) -> str:
        for user in self.users:
            services.password_reset_requested_record(user=user)
        return super().save(request, **kwargs)


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self.fields["password1"],
            "New password",
            "At least 12 characters. A few unrelated words together work well.",
            autocomplete="new-password",
        )
        _relabel(self.fields["password2"], "Confirm new password", autocomplete="new-password")


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["oldpassword"], "Current password", autocomplete="current-password")
        _relabel(
            self.fields["password1"],
            "New password",
            "At least 12 characters. A few unrelated words together work well.",
            autocomplete="new-password",
        )
        _relabel(self.fields["password2"], "Confirm new password", autocomplete="new-password")


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["password"], "Password", autocomplete="current-password")


_CODE_HINT = "The 6-digit code shown in your authenticator app, or one of your recovery codes."


class AuthenticateForm(mfa_base_forms.AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["code"], "Security code", _CODE_HINT, autocomplete="one-time-code")


class MFAReauthenticateForm(mfa_base_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["code"], "Security code", _CODE_HINT, autocomplete="one-time-code")


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self.fields["code"],
            "Code from your authenticator app",
            "Enter the 6-digit code the app shows for Safeguarding Reviews.",
            autocomplete="one-time-code",
            inputmode="numeric",
            width_class="govuk-input--width-10",
        )
