"""Forms of the accounts app. Security decisions are delegated to ``services``."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminUserCreationForm, PasswordResetForm, UserChangeForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext, gettext_lazy as _

from dxnavi.mail import send_plain_mail

from . import services
from .models import User

LANGUAGE_CODES = {code for code, _label in User._meta.get_field("language").choices}


def email_input(**attrs):
    return forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false", **attrs})


def password_input(autocomplete, **attrs):
    return forms.PasswordInput(attrs={"autocomplete": autocomplete, **attrs})


def totp_code_field(label=_("6-digit code"), required=True):
    return forms.CharField(
        label=label,
        required=required,
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none", "spellcheck": "false", "size": 8}
        ),
    )


def recovery_code_field(required=False):
    return forms.CharField(
        label=_("Recovery code"),
        required=required,
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "size": 14}),
    )


class SignupForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=password_input("new-password"),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=password_input("new-password"),
        help_text=_("Enter the same password again, for confirmation."),
    )

    class Meta:
        model = User
        fields = ("email", "name")
        labels = {"email": _("E-mail address"), "name": _("Name")}
        widgets = {"email": email_input(), "name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True

    def clean_email(self):
        # An existing address is not an error here: telling the visitor so would reveal the account.
        # ``verification.register`` e-mails its owner instead.
        return services.normalize_email(self.cleaned_data["email"])

    def validate_unique(self):
        """Skipped for the same reason; the database's unique constraint still holds."""

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", ValidationError(_("The two passwords do not match."), code="password_mismatch"))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True, language=None):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if language in LANGUAGE_CODES:
            user.language = language
        if commit:
            user.save()
        return user


class LoginForm(forms.Form):
    """E-mail + password, checked under the lockout rules. ``user`` is set when valid."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254, widget=email_input(autofocus=True))
    password = forms.CharField(label=_("Password"), strip=False, widget=password_input("current-password"))

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            attempt = services.attempt_password_login(self.request, email, password)
            if attempt.user is not None:
                self.user = attempt.user
            elif attempt.locked_minutes:
                raise ValidationError(services.lockout_message(attempt.locked_minutes), code="locked")
            else:
                raise ValidationError(_("The e-mail address or password is incorrect."), code="invalid_login")
        return cleaned


class SecondFactorForm(forms.Form):
    """The second login step: a TOTP code, or a recovery code. Failures count toward the lockout."""

    code = totp_code_field(required=False)
    recovery_code = recovery_code_field()

    def __init__(self, request, user, device, *args, **kwargs):
        self.request, self.user, self.device = request, user, device
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True

    @property
    def is_locked(self):
        return self.has_error(NON_FIELD_ERRORS, "locked")

    def clean(self):
        cleaned = super().clean()
        code, recovery = cleaned.get("code", ""), cleaned.get("recovery_code", "")
        field = "recovery_code" if recovery and not code else "code"
        if not code and not recovery:
            self.add_error(field, ValidationError(_("Enter the 6-digit code from your authenticator app."), code="required"))
            return cleaned
        ip = services.client_ip(self.request)
        minutes = services.lockout_minutes(self.user.email, ip)
        if not minutes:
            if services.verify_second_factor(self.device, code=code, recovery_code=recovery):
                return cleaned
            services.record_failure(self.user.email, ip)
            minutes = services.lockout_minutes(self.user.email, ip)
        if minutes:
            raise ValidationError(services.lockout_message(minutes), code="locked")
        if field == "code":
            self.add_error(field, ValidationError(services.invalid_code_message(), code="invalid_code"))
        else:
            self.add_error(field, ValidationError(_("That recovery code is not valid or has already been used."), code="invalid_code"))
        return cleaned


class TOTPConfirmForm(forms.Form):
    code = totp_code_field()

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not services.verify_totp(self.device, code):
            raise ValidationError(services.invalid_code_message(), code="invalid_code")
        return code


class TOTPDisableForm(forms.Form):
    """Turning two-step verification off needs the password and a current code (or a recovery code)."""

    password = forms.CharField(label=_("Current password"), strip=False, widget=password_input("current-password"))
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def __init__(self, request, user, device, *args, **kwargs):
        self.request, self.user, self.device = request, user, device
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password, code = cleaned.get("password"), cleaned.get("code")
        if not password or not code:
            return cleaned
        ip = services.client_ip(self.request)
        minutes = services.lockout_minutes(self.user.email, ip)
        if minutes:
            raise ValidationError(services.lockout_message(minutes), code="locked")
        if not self.user.check_password(password):
            services.record_failure(self.user.email, ip)
            self.add_error("password", ValidationError(_("The password is incorrect."), code="password_incorrect"))
            return cleaned
        digits = "".join(code.split())
        is_totp = len(digits) == 6 and digits.isdigit()
        ok = services.verify_totp(self.device, digits) if is_totp else services.use_recovery_code(self.device, code)
        if not ok:
            services.record_failure(self.user.email, ip)
            self.add_error("code", ValidationError(services.invalid_code_message(), code="invalid_code"))
        return cleaned


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("name", "language")
        labels = {"name": _("Name"), "language": _("Language")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}


class LocalizedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the account's own language, as plain text (``dxnavi.mail``)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        language = getattr(context.get("user"), "language", None)
        send_plain_mail(subject_template_name, email_template_name, context, to_email, language=language)


# --- Admin -------------------------------------------------------------------------------------


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "name")
        field_classes = {}

    def clean_email(self):
        email = services.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(gettext("An account with this e-mail address already exists."), code="duplicate_email")
        return email


class UserAdminChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes = {}

    def clean_email(self):
        email = services.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(gettext("An account with this e-mail address already exists."), code="duplicate_email")
        return email
